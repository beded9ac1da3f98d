/**
 * File globs as teams write them in mlci.yml (`data/*.parquet`, `data/**\/train-*.csv`,
 * `data/{train,test}.parquet`). Pure: turning a pattern into a matcher and finding the directory a
 * walk must start from; the adapter walks the file system.
 *
 * Supported: `*` (any characters but `/`), `**` as a whole path segment (zero or more segments),
 * `?` (one character but `/`), `[abc]` / `[a-z]` / `[!abc]` classes, `{a,b}` alternatives (not
 * nested). Paths use `/` as separator.
 */

const MAGIC = /[*?[{]/;

export function hasGlobMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** The longest leading directory of `pattern` that holds no glob syntax (`.` when there is none). */
export function globBase(pattern: string): string {
  const segments = pattern.split("/");
  const base: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (hasGlobMagic(segment)) break;
    base.push(segment);
  }
  if (base.length === 0) return ".";
  const joined = base.join("/");
  return joined === "" ? "/" : joined;
}

/** A regular expression that matches a whole path against `pattern`. */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split("/");
  let source = "";
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === "**") {
      // Zero or more whole segments, each followed by "/" (or nothing when `**` ends the pattern).
      source += last ? ".*" : "(?:[^/]*/)*";
      return;
    }
    source += segmentSource(segment);
    if (!last) source += "/";
  });
  return new RegExp(`^${source}$`);
}

function segmentSource(segment: string): string {
  let out = "";
  let i = 0;
  while (i < segment.length) {
    const c = segment[i] as string;
    if (c === "*") {
      out += "[^/]*";
      while (segment[i + 1] === "*") i++;
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const close = segment.indexOf("]", i + 2);
      if (close === -1) {
        out += "\\[";
      } else {
        let body = segment.slice(i + 1, close);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (c === "{") {
      const close = segment.indexOf("}", i + 1);
      if (close === -1) {
        out += "\\{";
      } else {
        const alternatives = segment.slice(i + 1, close).split(",");
        out += `(?:${alternatives.map(segmentSource).join("|")})`;
        i = close;
      }
    } else {
      out += escapeRegExp(c);
    }
    i++;
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
