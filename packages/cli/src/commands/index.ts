// Each command module registers itself when imported; this list is the CLI's table of contents.
import "./action.js";
import "./report.js";
import "./schema-infer.js";
import "./validate.js";
