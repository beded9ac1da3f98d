// Each command module registers itself when imported; this list is the CLI's table of contents.
import "./drift.js";
import "./profile.js";
