// Each command module registers itself when imported; this list is the CLI's table of contents.
import "./drift.js";
import "./profile.js";
import "./action.js";
import "./evaluate.js";
import "./report.js";
import "./schema-infer.js";
import "./train.js";
import "./validate.js";
import "./models.js";
import "./promote.js";
import "./release.js";
import "./rollback.js";
