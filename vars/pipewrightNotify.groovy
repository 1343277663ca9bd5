// Reports a run or stage event to the pipewright service (POST /api/runs/<id>/events, the
// contract in service/routes/runs.ts). Never fails the build: a service that is down costs a
// log line, not a red build. Help: vars/pipewrightNotify.txt.

def call(Map config = [:]) {
    Map defaultConfig = [
        event        : null,               // required: started | stage | input-pending | finished
        stage        : '',                 // stage name, for stage and input-pending events
        status       : '',                 // status to report, e.g. SUCCESS or FAILURE
        url          : '',                 // pipewright service URL; '' means env.PIPEWRIGHT_URL
        runId        : '',                 // pipewright run id; '' means env.PIPEWRIGHT_RUN_ID
        credentialsId: 'pipewright-token', // secret-text credential holding a pipewright API token
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
    if (!url || !runId) {
        echo 'pipewrightNotify: PIPEWRIGHT_URL or PIPEWRIGHT_RUN_ID is not set; the event is not reported'
        return false
    }
    String data = groovy.json.JsonOutput.toJson([event: cfg.event, status: cfg.status, build: env.BUILD_URL ?: ''])
    String body = groovy.json.JsonOutput.toJson([[kind: cfg.event == 'stage' ? 'stage' : 'note', stage: cfg.stage ?: null, data: data]])
    // A `return` inside the closures below would leave only the closure, so track the outcome.
    int status = -1
    try {
        withCredentials([string(credentialsId: cfg.credentialsId, variable: 'PW_TOKEN')]) {
            withEnv(["PW_EVENTS_URL=${url}/api/runs/${runId}/events", "PW_BODY=${body}"]) {
                status = sh(script: libraryResource('pipewright/notify.sh'), returnStatus: true, label: 'pipewright notify')
            }
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
