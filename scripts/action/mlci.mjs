#!/usr/bin/env node
// The `mlci` of the composite actions' run steps: the bundle that setup.mjs put in the tool cache, or
// this checkout's compiled sources when the ref has no release asset. Runs it in this process with the
// same arguments.
import { pathToFileURL } from "node:url";
import { cliEntry } from "./bundle.mjs";

await import(pathToFileURL(cliEntry("mlci")).href);
