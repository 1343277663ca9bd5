// Reports what happens in a build to the pipewright service as RunEvents (POST
// /api/runs/<id>/events, the contract in service/contracts/run-events.ts). It authenticates
// with the run's own credential, PIPEWRIGHT_RUN_TOKEN, which the service hands to the build.
// Never fails the build: a service that is down costs a log line, not a red build.
// Help: vars/pipewrightNotify.txt.

def call(Map config = [:]) {
    Map defaultConfig = [
        event     : null, // required: started | stage | input-pending | finished
        stage     : '',   // stage name, for stage and input-pending events; '' means env.STAGE_NAME
        status    : '',   // stage: '' or STARTED when it begins, else a Jenkins result; finished: '' means currentBuild.currentResult
        message   : '',   // input-pending: the question the input step asks
        submitters: '',   // input-pending: comma-separated users and groups who may answer
        url       : '',   // pipewright service URL; '' means env.PIPEWRIGHT_URL
        runId     : '',   // pipewright run id; '' means env.PIPEWRIGHT_RUN_ID
    ]
    Set unknown = config.keySet() - defaultConfig.keySet()
    if (unknown) {
        error "pipewrightNotify: unknown option(s) ${unknown.sort().join(', ')}; it takes ${defaultConfig.keySet().join(', ')}"
    }
    Map cfg = defaultConfig + config
    List events = ['started', 'stage', 'input-pending', 'finished']
    if (!(cfg.event in events)) {
        error "pipewrightNotify: 'event' must be one of ${events.join(', ')}, got '${cfg.event}'"
    }
    String url = cfg.url ?: env.PIPEWRIGHT_URL
    String runId = cfg.runId ?: env.PIPEWRIGHT_RUN_ID
    if (!url || !runId || !env.PIPEWRIGHT_RUN_TOKEN) {
        echo 'pipewrightNotify: PIPEWRIGHT_URL, PIPEWRIGHT_RUN_ID or PIPEWRIGHT_RUN_TOKEN is not set; the event is not reported'
        return false
    }
    Map event = runEvent(cfg)
    if (event == null) {
        return false
    }
    String body = groovy.json.JsonOutput.toJson([event])
    // A `return` inside the closures below would leave only the closure, so track the outcome.
    int status = -1
    try {
        // The credential stays in the environment the build already has; only the body and URL are added.
        withEnv(["PW_EVENTS_URL=${url}/api/runs/${runId}/events", "PW_BODY=${body}"]) {
            status = sh(script: libraryResource('pipewright/notify.sh'), returnStatus: true, label: 'pipewright notify')
        }
    } catch (err) {
        echo "pipewrightNotify: could not report the ${cfg.event} event (${err}); the build goes on"
        return false
    }
    if (status != 0) {
        echo "pipewrightNotify: the service did not take the ${cfg.event} event (exit ${status}); the build goes on"
        return false
    }
    return true
}

// Ids name what the event is about, so a repeated report is recognised and changes nothing.
Map runEvent(Map cfg) {
    String stage = cfg.stage ?: (env.STAGE_NAME ?: '')
    if (cfg.event in ['stage', 'input-pending'] && !stage) {
        echo "pipewrightNotify: a ${cfg.event} event needs a stage; the event is not reported"
        return null
    }
    if (cfg.event == 'started') {
        return [id: 'run:started', type: 'run.started']
    }
    if (cfg.event == 'input-pending') {
        List names = cfg.submitters ? cfg.submitters.split(',').collect { it.trim() }.findAll { it } : []
        return [id: "gate:${stage}:waiting".toString(), type: 'gate.waiting', stage: stage,
                message: cfg.message ?: 'Proceed?', submitters: [users: names, groups: []]]
    }
    String result = (cfg.status ?: '').toUpperCase()
    if (cfg.event == 'stage') {
        if (result in ['', 'STARTED', 'RUNNING']) {
            return [id: "stage:${stage}:started".toString(), type: 'stage.started', stage: stage]
        }
        return [id: "stage:${stage}:finished".toString(), type: 'stage.finished', stage: stage,
                status: outcome(result, 'skipped')]
    }
    String buildResult = result ?: (currentBuild.currentResult ?: 'SUCCESS')
    return [id: 'run:finished', type: 'run.finished', status: outcome(buildResult, 'aborted')]
}

// Jenkins results in the service's words; NOT_BUILT is a skipped stage or an aborted run.
String outcome(String result, String notBuilt) {
    Map words = [SUCCESS: 'success', UNSTABLE: 'unstable', FAILURE: 'failed', ABORTED: 'aborted', NOT_BUILT: notBuilt]
    String word = words[result]
    if (word == null) {
        error "pipewrightNotify: status must be one of ${words.keySet().join(', ')}, got '${result}'"
    }
    return word
}
