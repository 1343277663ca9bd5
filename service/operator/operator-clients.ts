import {
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  VersionApi,
  type KubeConfig,
  type KubernetesListObject,
  type V1Lease,
  type V1Pod,
} from '@kubernetes/client-node';
import type { LeaseClient } from './leader-election.js';
import {
  API_GROUP,
  API_VERSION,
  TEST_CASE_PLURAL,
  TEST_SUMMARY_PLURAL,
  type TestCase,
  type TestSummary,
} from './test-case-resource.js';

type Plural = typeof TEST_CASE_PLURAL | typeof TEST_SUMMARY_PLURAL;

/** The few Kubernetes calls the operator makes, over client-node's generated APIs. */
export class OperatorClients {
  readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly coordination: CoordinationV1Api;
  private readonly version: VersionApi;

  constructor(
    readonly kubeConfig: KubeConfig,
    readonly namespace: string,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.coordination = kubeConfig.makeApiClient(CoordinationV1Api);
    this.version = kubeConfig.makeApiClient(VersionApi);
  }

  customPath(plural: Plural): string {
    return `/apis/${API_GROUP}/${API_VERSION}/namespaces/${this.namespace}/${plural}`;
  }

  listCustom<T extends TestCase | TestSummary>(plural: Plural): Promise<KubernetesListObject<T>> {
    return this.custom.listNamespacedCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      namespace: this.namespace,
      plural,
    }) as Promise<KubernetesListObject<T>>;
  }

  getCustom<T extends TestCase | TestSummary>(plural: Plural, name: string): Promise<T> {
    return this.custom.getNamespacedCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      namespace: this.namespace,
      plural,
      name,
    }) as Promise<T>;
  }

  createCustom<T extends TestCase | TestSummary>(plural: Plural, body: T): Promise<T> {
    return this.custom.createNamespacedCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      namespace: this.namespace,
      plural,
      body,
    }) as Promise<T>;
  }

  /** PUT of the status subresource: carries the resourceVersion read, so a stale write gets 409. */
  replaceStatus<T extends TestCase | TestSummary>(plural: Plural, body: T): Promise<T> {
    return this.custom.replaceNamespacedCustomObjectStatus({
      group: API_GROUP,
      version: API_VERSION,
      namespace: this.namespace,
      plural,
      name: body.metadata.name,
      body,
    }) as Promise<T>;
  }

  listPods(labelSelector: string): Promise<KubernetesListObject<V1Pod>> {
    return this.core.listNamespacedPod({ namespace: this.namespace, labelSelector });
  }

  readPod(name: string): Promise<V1Pod> {
    return this.core.readNamespacedPod({ name, namespace: this.namespace });
  }

  createPod(body: V1Pod): Promise<V1Pod> {
    return this.core.createNamespacedPod({ namespace: this.namespace, body });
  }

  async deletePod(name: string): Promise<void> {
    await this.core.deleteNamespacedPod({ name, namespace: this.namespace });
  }

  async serverVersion(): Promise<{ major: string; minor: string }> {
    return this.version.getCode();
  }

  leaseClient(name: string): LeaseClient {
    const namespace = this.namespace;
    return {
      read: () => this.coordination.readNamespacedLease({ name, namespace }),
      create: (body: V1Lease) => this.coordination.createNamespacedLease({ namespace, body }),
      replace: (body: V1Lease) => this.coordination.replaceNamespacedLease({ name, namespace, body }),
    };
  }
}
