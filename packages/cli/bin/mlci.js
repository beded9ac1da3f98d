#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm ci` (root `prepare` runs `tsc -b`).
import "../dist/main.js";
