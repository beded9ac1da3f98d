import "./evaluate.js";
