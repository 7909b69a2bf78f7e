export { findNodeModule, nodeModule, requireNodeModule } from './node-module';
