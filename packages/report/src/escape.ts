/**
 * The escaping layer for untrusted text in the report's markdown. It lives in @mlci/core (the drift
 * issue, rendered there, needs it too); report modules import it from here so the report has one
 * place to look.
 */
export {
  escapeCode,
  escapeCodeCell,
  escapeText,
  MAX_MESSAGE_CHARS,
  MAX_NAME_CHARS,
  MAX_PATH_CHARS,
  truncate,
} from "@mlci/core/markdown/escape.js";
