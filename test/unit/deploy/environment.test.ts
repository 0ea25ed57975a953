import { dispatcherQueues, isInvokeLocal, providerEnvironment } from '../../../deploy/environment';

describe('the functions environment (deploy/environment.ts)', () => {
  it('recognises sls invoke local from osls argv, and nothing else', () => {
    expect(isInvokeLocal(['node', 'sls', 'invoke', 'local', '-f', 'rootAccountMfa'])).toBe(true);
    expect(isInvokeLocal(['node', 'sls', '--stage', 'dev', 'invoke', 'local', '-f', 'x'])).toBe(true);
    expect(isInvokeLocal(['node', 'sls', 'invoke', '-f', 'rootAccountMfa'])).toBe(false);
    expect(isInvokeLocal(['node', 'sls', 'deploy', '--stage', 'prod'])).toBe(false);
    expect(isInvokeLocal(['node', 'sls', 'package'])).toBe(false);
  });

  it('reads nothing from the deployer shell when deployed or packaged', () => {
    const deployed = JSON.stringify([
      providerEnvironment(false),
      dispatcherQueues(false, { r: 'RQueue' }, { r: 'q' }),
    ]);
    expect(deployed).not.toContain('${env:');
    expect(providerEnvironment(false)).toMatchObject({
      DRIFTWATCH_TOPIC_ARN: { Ref: 'AlertsTopic' },
      DRIFTWATCH_REGIONS: "${param:regions, 'all'}",
      DRIFTWATCH_STATE_TABLE: '${self:custom.stateTableName}',
    });
    expect(dispatcherQueues(false, { r: 'RQueue' }, { r: 'q' })).toMatchObject({
      DRIFTWATCH_RULE_QUEUES: { 'Fn::Sub': '{"r":"${RQueue}"}' },
    });
  });

  it('lets the shell win under invoke local, with no Ref or Fn::Sub left to resolve', () => {
    const local = { ...providerEnvironment(true), ...dispatcherQueues(true, { r: 'RQueue' }, { r: 'q' }) };
    expect(local).toMatchObject({
      DRIFTWATCH_TOPIC_ARN: '${env:DRIFTWATCH_TOPIC_ARN, null}',
      DRIFTWATCH_REGIONS: "${env:DRIFTWATCH_REGIONS, param:regions, 'all'}",
      DRIFTWATCH_NOTIFY: '${env:DRIFTWATCH_NOTIFY, param:notify, null}',
      DRIFTWATCH_STATE_TABLE: '${env:DRIFTWATCH_STATE_TABLE, null}',
      DRIFTWATCH_RULE_QUEUES: '${env:DRIFTWATCH_RULE_QUEUES, null}',
      DRIFTWATCH_RULE_QUEUE_NAMES: '{"r":"q"}',
    });
    expect(Object.values(local).every((v) => typeof v === 'string')).toBe(true);
  });
});
