import { describeKubectlSuite } from './kubectl-suite.ts';

describeKubectlSuite({ name: 'sqlite' });
