import assert from "node:assert/strict";
import { test } from "node:test";
import { readTrainActionInputs } from "./train-action.js";

test("the train action reads its inputs from the environment it is given, not from process.env", () => {
  const inputs = readTrainActionInputs({
    INPUT_COMMAND: "  python train.py --epochs 2 ",
    INPUT_SETUP: "",
    "INPUT_CACHE-DATA": "false",
    "INPUT_CACHE-DEPENDENCIES": "true",
    "INPUT_DEPENDENCY-FILES": "requirements.txt\n\n  poetry.lock \n",
    "INPUT_DATA-CACHE-PATHS": "",
    "INPUT_RETENTION-DAYS": "3",
    "INPUT_ARTIFACT-NAME": "",
  });
  assert.deepEqual(inputs, {
    command: "python train.py --epochs 2",
    setup: "",
    name: undefined,
    config: undefined,
    lineage: undefined,
    artifactName: undefined,
    cacheData: false,
    cacheDependencies: true,
    dataPaths: [],
    dependencyFiles: ["requirements.txt", "poetry.lock"],
    dependencyPaths: [],
    retentionDays: 3,
  });
  assert.equal(readTrainActionInputs({}).cacheData, true, "caching is on unless an input says false");
});
