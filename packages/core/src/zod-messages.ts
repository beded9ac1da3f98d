// zod's functional API (zod/mini) is what every schema in mlci is written with: bundlers keep only the
// parts a schema uses, where its chained API (`zod`) brings all of zod into every command that parses
// one file (a 221 KB chunk, about 20 ms of CPU at each start, issue #13). zod/mini leaves messages to
// the application ("Invalid input" otherwise); the chained API loads the English ones itself. The
// setting is global: every schema module imports this one for its effect, so the messages are the
// same whichever module loads first.
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());
