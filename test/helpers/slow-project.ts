// Setup of the e2e and template projects: moto_server, sls and cfn-lint start and answer slowly on a
// busy 2-core machine, so jest's default 5 s per test and hook is a bound on the machine's load, not
// on the code under test. (`testTimeout` is a global option jest ignores inside `projects`.) Each
// test still bounds what it waits for itself: the SDK's request timeouts, the runs' deadlines.
jest.setTimeout(180_000);
