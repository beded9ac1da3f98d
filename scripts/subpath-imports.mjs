#!/usr/bin/env node
// Rewrites imports of a barrel (`@mlci/core`, `../metrics/index.js`, ...) into imports of the modules
// that declare each name (`@mlci/core/metrics/names.js`), so that a command loads only the modules it
// uses (issue #13: the core barrel alone pulled zod, yaml and @stdlib's gamma function into every
// command). Biome's noRestrictedImports (biome.json) fails on any barrel import left; this fixes them:
//   node scripts/subpath-imports.mjs          rewrite in place
//   node scripts/subpath-imports.mjs --check  only list the files it would change (exit 1 if any)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const PACKAGES = ["core", "engine", "model", "report", "forge", "cli"];

/** `@mlci/core` (a package's index) or a relative `.../index.js`. */
function isBarrelSpecifier(specifier) {
  return /^@mlci\/[a-z]+$/.test(specifier) || /^\.\.?\/(.*\/)?index\.js$/.test(specifier);
}

/** The TypeScript sources of the packages and the tests (no dist/, no fixtures). */
function sourceFiles(dir) {
  const found = [];
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (["node_modules", "dist", "fixtures", ".mlci-out"].includes(entry.name)) continue;
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(child);
    }
  };
  for (const name of PACKAGES) walk(join(dir, "packages", name, "src"));
  walk(join(dir, "test"));
  return found;
}

const files = sourceFiles(root);
const options = {
  ...ts.convertCompilerOptionsFromJson(
    JSON.parse(readFileSync(join(root, "tsconfig.base.json"), "utf8")).compilerOptions,
    root,
  ).options,
  noEmit: true,
  composite: false,
  declaration: false,
  declarationMap: false,
};
// Resolve @mlci/* to the sources (not dist/), so the rewrite works before anything is compiled.
const host = ts.createCompilerHost(options);
const resolveSource = (name) => {
  const match = /^@mlci\/([a-z]+)(?:\/(.*))?$/.exec(name);
  if (!match || !PACKAGES.includes(match[1])) return undefined;
  const sub = (match[2] ?? "index.js").replace(/\.js$/, ".ts");
  return join(root, "packages", match[1], "src", sub);
};
host.resolveModuleNameLiterals = (literals, containingFile) =>
  literals.map((literal) => {
    const source = resolveSource(literal.text);
    if (source)
      return { resolvedModule: { resolvedFileName: source, extension: ".ts", isExternalLibraryImport: false } };
    return ts.resolveModuleName(literal.text, containingFile, options, host);
  });
const program = ts.createProgram({ rootNames: files, options, host });
const checker = program.getTypeChecker();

/** The specifier that `fromFile` uses to import the module `targetFile` (a .ts source). */
function specifierFor(fromFile, targetFile) {
  const packageOf = (file) => /packages[\\/]([a-z]+)[\\/]src[\\/]/.exec(file)?.[1];
  const target = packageOf(targetFile);
  const from = packageOf(fromFile);
  const js = targetFile.replace(/\.ts$/, ".js");
  if (target && target !== from) {
    return `@mlci/${target}/${relative(join(root, "packages", target, "src"), js)
      .split(sep)
      .join("/")}`;
  }
  const path = relative(dirname(fromFile), js).split(sep).join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/** The file that declares the symbol an import element names (following re-exports). */
function declaringFile(element) {
  let symbol = checker.getSymbolAtLocation(element.name);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol.declarations?.[0];
  return declaration?.getSourceFile().fileName;
}

let changed = 0;
for (const file of files) {
  const source = program.getSourceFile(file);
  if (!source || isBarrelFile(file)) continue;
  const edits = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier) || !isBarrelSpecifier(specifier.text)) continue;
    const rewritten = rewrite(statement, file);
    if (rewritten === undefined) {
      console.error(
        `${relative(root, file)}: cannot rewrite \`${statement.getText(source)}\` (namespace or default import)`,
      );
      process.exitCode = 1;
      continue;
    }
    edits.push({ start: statement.getStart(source), end: statement.getEnd(), text: rewritten });
  }
  if (edits.length === 0) continue;
  changed++;
  if (check) {
    console.log(relative(root, file));
    continue;
  }
  let text = source.getFullText();
  for (const edit of edits.reverse()) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  writeFileSync(file, text);
}
if (check && changed > 0) process.exitCode = 1;
console.error(`${changed} file(s) ${check ? "import a barrel" : "rewritten"}`);

function isBarrelFile(file) {
  return /[\\/]index\.ts$/.test(file) && /packages[\\/][a-z]+[\\/]src[\\/]/.test(file);
}

/** One import (or export) statement per declaring module, keeping each element's `type` marker. */
function rewrite(statement, file) {
  const isImport = ts.isImportDeclaration(statement);
  const clause = isImport ? statement.importClause : statement;
  const bindings = isImport ? clause?.namedBindings : statement.exportClause;
  if (
    !clause ||
    !bindings ||
    (isImport && clause.name) ||
    !(ts.isNamedImports(bindings) || ts.isNamedExports(bindings))
  ) {
    return undefined;
  }
  const allType = clause.isTypeOnly;
  const groups = new Map();
  for (const element of bindings.elements) {
    const target = declaringFile(element);
    if (!target) return undefined;
    const spec = specifierFor(file, target);
    const name = element.propertyName ? `${element.propertyName.text} as ${element.name.text}` : element.name.text;
    const list = groups.get(spec) ?? [];
    list.push({ name, type: allType || element.isTypeOnly });
    groups.set(spec, list);
  }
  const keyword = isImport ? "import" : "export";
  return [...groups]
    .map(([spec, elements]) => {
      const typeOnly = elements.every((e) => e.type);
      const names = elements.map((e) => (e.type && !typeOnly ? `type ${e.name}` : e.name)).join(", ");
      return `${keyword} ${typeOnly ? "type " : ""}{ ${names} } from "${spec}";`;
    })
    .join("\n");
}
