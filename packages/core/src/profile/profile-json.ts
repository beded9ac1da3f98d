/**
 * JSON text for profiles: objects indented for people, arrays of numbers and strings kept on one line
 * (a sketch has hundreds of bucket counts; one per line would triple the file).
 */
export function formatCompactJson(value: unknown, indent = "  "): string {
  return `${format(value, "", indent)}\n`;
}

function format(value: unknown, current: string, indent: string): string {
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== "object" || isFlatArray(item))) {
      return JSON.stringify(value);
    }
    const inner = current + indent;
    return `[\n${value.map((item) => inner + format(item, inner, indent)).join(",\n")}\n${current}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const inner = current + indent;
    const lines = entries.map(([key, v]) => `${inner}${JSON.stringify(key)}: ${format(v, inner, indent)}`);
    return `{\n${lines.join(",\n")}\n${current}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function isFlatArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => item === null || typeof item !== "object");
}
