// The JSON serve returns. Sessions, details, steps, samples and export lines ARE the CLI's
// shapes (src/app/json.ts), so a dashboard can switch between `status --json`, HTTP and MCP
// without a second parser.
export { sampleJson, stepDetailJson } from '../app/json';
