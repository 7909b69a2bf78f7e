import { defineAdaptersProject } from '../../vitest.shared';

export default defineAdaptersProject('backend-native');
