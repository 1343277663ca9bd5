/*
 * Runs shared-library steps (vars/*.groovy) under Groovy 2.4 with fake pipeline steps that record
 * every call, as the Jenkins project's own library tests do. One JSON scenario per stdin line:
 *   {"id":1, "script":"/abs/vars/buildImage.groovy", "resources":"/abs/resources",
 *    "config":{...}, "env":{...}, "sh":[{"match":"jsonpath","stdout":"blue","status":0}],
 *    "readFile":{"path":"content"}, "input":"proceed"|"abort", "currentResult":"FAILURE",
 *    "execute":{"workspace":"/abs/dir","credentials":{"id":"value"}}}
 * With "execute", sh really runs its script (/bin/sh in the workspace, with the step's env), sleep
 * waits a tenth of the time asked, and credentials hold the given values: the step talks to a
 * real service.
 * and one JSON answer per line: {"id":1, "calls":[{"step":"sh","args":{...},"env":{...}}], "error":null, "result":...}
 */
import groovy.json.JsonOutput
import groovy.json.JsonSlurper

class StepFailed extends RuntimeException {
    StepFailed(String message) { super(message) }
}

class Harness {
    static final String SECRET = 'S3CRET-VALUE'

    static Map run(Map sc) {
        List calls = []
        Map env = new LinkedHashMap(sc.env ?: [:])
        List shAnswers = (sc.sh ?: []) as List
        Binding binding = new Binding()
        Closure record = { String step, Object args ->
            Map pwEnv = env.findAll { k, v -> k.toString().startsWith('PW_') || k == 'KUBECONFIG' }
            calls << [step: step, args: plain(args), env: new LinkedHashMap(pwEnv)]
        }
        binding.setVariable('env', env)
        binding.setVariable('currentBuild', [currentResult: sc.currentResult ?: 'SUCCESS'])
        binding.setVariable('echo', { Object m -> record('echo', m.toString()) })
        binding.setVariable('error', { Object m -> record('error', m.toString()); throw new StepFailed(m.toString()) })
        Map execute = sc.execute as Map
        binding.setVariable('sleep', { Object a ->
            record('sleep', a)
            if (execute) Thread.sleep(100L * ((a instanceof Map ? a.time : a) as long))
        })
        binding.setVariable('unstable', { Object a -> record('unstable', a) })
        binding.setVariable('junit', { Object a -> record('junit', a) })
        binding.setVariable('container', { String name, Closure body -> record('container', name); body() })
        binding.setVariable('usernamePassword', { Map m -> [binding: 'usernamePassword'] + m })
        binding.setVariable('file', { Map m -> [binding: 'file'] + m })
        binding.setVariable('string', { Map m -> [binding: 'string'] + m })
        binding.setVariable('libraryResource', { String path ->
            record('libraryResource', path)
            new File((String) sc.resources, path).getText('UTF-8')
        })
        binding.setVariable('readFile', { Object a ->
            String path = a instanceof Map ? a.file : a.toString()
            record('readFile', path)
            if (!sc.readFile?.containsKey(path)) throw new StepFailed("readFile: no such file ${path}")
            sc.readFile[path]
        })
        binding.setVariable('input', { Object a ->
            record('input', a)
            if (sc.input == 'abort') throw new InterruptedException('Aborted by approver')
            null
        })
        binding.setVariable('withEnv', { List vars, Closure body ->
            record('withEnv', vars.collect { it.toString() })
            Map saved = new LinkedHashMap(env)
            vars.each { String kv -> int i = kv.indexOf('='); env[kv.substring(0, i)] = kv.substring(i + 1) }
            try { body() } finally { env.clear(); env.putAll(saved) }
        })
        binding.setVariable('withCredentials', { List bindings, Closure body ->
            record('withCredentials', bindings)
            Map saved = new LinkedHashMap(env)
            bindings.each { Map b ->
                String value = execute?.credentials?.get(b.credentialsId) ?: SECRET
                ['variable', 'usernameVariable', 'passwordVariable'].each { key -> if (b[key]) env[b[key]] = value }
            }
            try { body() } finally { env.clear(); env.putAll(saved) }
        })
        binding.setVariable('sh', { Object a ->
            Map args = a instanceof Map ? new LinkedHashMap(a) : [script: a.toString()]
            record('sh', args)
            if (execute) return runShell(args, env, (String) execute.workspace)
            Map answer = shAnswers.find { it.match && (args.script.toString().contains(it.match) || (args.label ?: '').toString().contains(it.match)) } ?: [:]
            int status = (answer.status ?: 0) as int
            if (args.returnStdout) return (answer.stdout ?: '').toString()
            if (args.returnStatus) return status
            if (status != 0) throw new StepFailed("script returned exit code ${status}")
            null
        })
        Map out = [calls: calls, error: null, result: null]
        try {
            Script script = new GroovyShell(binding).parse(new File((String) sc.script))
            out.result = plain(script.invokeMethod('call', sc.config == null ? [] as Object[] : [sc.config] as Object[]))
        } catch (StepFailed e) {
            out.error = e.message
        } catch (Throwable e) {
            out.error = e.toString()
        }
        return out
    }

    /** Runs an sh step for real, as Jenkins would on an agent: stdout returned or the exit code checked. */
    static Object runShell(Map args, Map env, String workspace) {
        ProcessBuilder pb = new ProcessBuilder('/bin/sh', '-c', args.script.toString())
        pb.directory(new File(workspace))
        Map<String, String> pEnv = pb.environment()
        env.each { k, v -> pEnv.put(k.toString(), v.toString()) }
        pb.redirectError(ProcessBuilder.Redirect.INHERIT)
        Process p = pb.start()
        String out = p.inputStream.getText('UTF-8')
        int status = p.waitFor()
        if (args.returnStatus) return status
        if (status != 0) throw new StepFailed("script returned exit code ${status}")
        return args.returnStdout ? out : null
    }

    /** Values JSON can hold: GStrings become Strings, closures a marker. */
    static Object plain(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean) return v
        if (v instanceof Map) return v.collectEntries { k, x -> [(k.toString()): plain(x)] }
        if (v instanceof Collection || v instanceof Object[]) return v.collect { plain(it) }
        if (v instanceof Closure) return '<closure>'
        return v.toString()
    }
}

def input = new BufferedReader(new InputStreamReader(System.in, 'UTF-8'))
def out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, 'UTF-8')
String line
while ((line = input.readLine()) != null) {
    if (!line.trim()) continue
    Map sc = (Map) new JsonSlurper().parseText(line)
    Map res = Harness.run(sc)
    res.id = sc.id
    out.println(JsonOutput.toJson(res))
}
