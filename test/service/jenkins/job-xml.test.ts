import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPipeline, type PipelineModel } from '../../../src/index.js';
import { findGroovyClasspath, findJava } from '../../../src/io/groovy-bridge.js';
import { JenkinsExecutor } from '../../../service/executor/jenkins-executor.js';
import { JenkinsApi } from '../../../service/jenkins/jenkins-api.js';
import { MemoryJenkinsBuildStore } from '../../../service/jenkins/jenkins-build-store.js';
import { modelForJenkins } from '../../../service/jenkins/jenkins-pipeline.js';
import { pipelineJobXml } from '../../../service/jenkins/job-xml.js';
import { UnrepresentableXmlError, writeXml } from '../../../service/jenkins/xml-tree.js';
import { FAKE_TOKEN, FAKE_USER, FakeJenkins } from '../../support/fake-jenkins/fake-jenkins.js';

/**
 * The JDK's own XML parser (the one under Jenkins' XStream) reads the job's script; the script
 * comes back as base64 of its UTF-8 bytes, so the comparison is byte for byte.
 */
const READ_SCRIPT = `
def doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(System.in)
def script = doc.getElementsByTagName('script').item(0).textContent
print(script.getBytes('UTF-8').encodeBase64().toString())
`;
function scriptThroughJdkParser(xml: string): Buffer {
  const out = execFileSync(
    findJava(),
    ['-cp', findGroovyClasspath(), 'groovy.ui.GroovyMain', '-e', READ_SCRIPT],
    {
      input: xml,
      encoding: 'utf8',
    },
  );
  return Buffer.from(out.trim(), 'base64');
}

/** Everything XML is touchy about, in a Jenkinsfile: CDATA's end, markup, comment dashes, non-ASCII, CR. */
const HOSTILE = ']]> & < > -- <!-- --> &amp; é ß 日本 😀 \'quotes\' "double"';
const hostileModel: PipelineModel = {
  name: 'hostile',
  description: `description with ${HOSTILE}`,
  groovy: { prologue: `// prologue ${HOSTILE}\r\ndef motto = "tab\there"\r\n` },
  parameters: [{ name: 'GREETING', type: 'string', default: HOSTILE }],
  stages: [{ name: 'Say', steps: [{ sh: `echo '${HOSTILE.replace(/'/g, '')}'` }, { echo: HOSTILE }] }],
};

describe('job XML', () => {
  const fake = new FakeJenkins();
  beforeAll(() => fake.listen());
  afterAll(() => fake.close());

  it('carries a hostile Jenkinsfile through a real XML parser byte for byte', () => {
    // GIVEN the Jenkinsfile of a pipeline full of characters XML escapes
    const script = renderPipeline(modelForJenkins(hostileModel, FAKE_USER));
    for (const s of [']]>', '&', '<', '--', 'é', '😀', '\r\n']) expect(script).toContain(s);
    // WHEN it is written as the job's config.xml and read back by the JDK's parser
    const xml = pipelineJobXml(modelForJenkins(hostileModel, FAKE_USER), { kind: 'script', script });
    // THEN the script is the same bytes
    expect(scriptThroughJdkParser(xml).equals(Buffer.from(script, 'utf8'))).toBe(true);
  });

  it('comes back from (fake) Jenkins byte for byte after creating and updating the job', async () => {
    const executor = new JenkinsExecutor({
      api: new JenkinsApi({ url: fake.url, user: FAKE_USER, token: FAKE_TOKEN }),
      url: fake.url,
      user: FAKE_USER,
      store: new MemoryJenkinsBuildStore(),
    });
    expect(await executor.jobs.sync(hostileModel)).toBe('created');
    expect(await executor.jobs.sync({ ...hostileModel, description: 'changed' })).toBe('updated');
    const config = await new JenkinsApi({ url: fake.url, user: FAKE_USER, token: FAKE_TOKEN }).jobConfig({
      folder: 'development',
      name: 'hostile',
    });
    const script = renderPipeline(modelForJenkins({ ...hostileModel, description: 'changed' }, FAKE_USER));
    expect(scriptThroughJdkParser(config).equals(Buffer.from(script, 'utf8'))).toBe(true);
    expect(fake.job('development', 'hostile')!.parameters.get('PIPEWRIGHT_RUN_TOKEN')).toEqual({
      password: true,
      default: '',
    });
    await executor.close();
  });

  it('refuses text XML 1.0 cannot hold, naming where it is', () => {
    expect(() => writeXml({ name: 'a', children: [{ name: 'b', children: ['ok\u0001'] }] })).toThrow(
      UnrepresentableXmlError,
    );
    expect(() => writeXml({ name: 'a', children: [{ name: 'b', children: ['ok\u0001'] }] })).toThrow(
      '[a/b] character at 2',
    );
  });
});
