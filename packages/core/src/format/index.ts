export { closestName, editDistance } from './closest-name';
export { describeValue } from './describe-value';
export { MAX_JSON_DEPTH, parsePythonJson } from './parse-python-json';
export type { PythonJsonValue } from './parse-python-json';
export { formatPythonFloat } from './python-float-repr';
export { dumpPythonJson, PythonFloat, quotePythonString } from './python-json';
export type { DumpPythonJsonOptions } from './python-json';
