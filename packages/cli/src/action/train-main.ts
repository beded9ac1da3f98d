// Entry of the train action (actions/train/main.mjs imports this): read inputs, run, exit code.
import { readTrainActionInputs, runTrainAction } from "./train-action.js";

process.exitCode = await runTrainAction(readTrainActionInputs(process.env), process.env);
