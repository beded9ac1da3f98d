// Each command module registers itself when imported; this list is the CLI's table of contents.
import "./train.js";
