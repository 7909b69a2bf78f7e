import { defineAdaptersProject } from '../../vitest.shared';

export default defineAdaptersProject('example-browser');
