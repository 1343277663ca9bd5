/**
 * Runs the fake Kubernetes API in a process of its own for the operator benchmark, so the server's
 * work is not counted against the client being measured. Driven over IPC by operator.bench.ts.
 */
import { FakeKubernetesApi, type StoredObject } from './fake-kubernetes-api.js';

type Command =
  | { type: 'create'; collection: string; objects: StoredObject[] }
  | { type: 'waitFor'; collection: string; count: number; id: number }
  | { type: 'requests'; user: string; id: number }
  | { type: 'close' };

const api = await FakeKubernetesApi.start();
process.send!({ type: 'ready', url: api.url });
process.on('message', (command: Command) => {
  if (command.type === 'create') for (const o of command.objects) api.create(command.collection, o);
  else if (command.type === 'waitFor') {
    const check = () =>
      api.count(command.collection) >= command.count
        ? process.send!({ type: 'done', id: command.id })
        : setTimeout(check, 2);
    check();
  } else if (command.type === 'requests') {
    const kinds: Record<string, number> = {};
    for (const r of api.requests.filter((q) => q.user === command.user)) {
      const key = `${r.method} ${r.path.replace(/\/namespaces\/[^/]+\//, '/namespaces/*/').replace(/\/(testcases|testsummaries|pods|leases)\/[^/]+/, '/$1/NAME')}${r.watch ? ' (watch)' : ''}`;
      kinds[key] = (kinds[key] ?? 0) + 1;
    }
    process.send!({ type: 'done', id: command.id, kinds });
  } else if (command.type === 'close') void api.close().then(() => process.exit(0));
});
