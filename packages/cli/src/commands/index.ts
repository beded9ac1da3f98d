// Each command module registers itself when imported; this list is the CLI's table of contents.
import "./models.js";
import "./promote.js";
import "./release.js";
import "./rollback.js";
