// Asks the pipewright service to run a test plan for this build, waits for the result, publishes
// the JUnit report, and fails or marks the build unstable below the thresholds.
// The HTTP contract (request, status and report) is TestPlanRun in service/contracts/test-plans.ts.
// Help: vars/runTestPlan.txt.

def call(Map config = [:]) {
    Map defaultConfig = [
        plan             : null,               // required: test plan id or name
        environment      : '',                 // environment the plan runs against; '' means the plan's default
        failThreshold    : 100,                // pass rate (0-100) below which the build fails
        unstableThreshold: 100,                // pass rate (0-100) below which the build is unstable
        timeoutMinutes   : 30,                 // how long to wait for the plan to finish
        pollSeconds      : 10,                 // how often to ask for the status
        url              : '',                 // pipewright service URL; '' means env.PIPEWRIGHT_URL
        credentialsId    : 'pipewright-token', // secret-text credential holding a pipewright API token
    ]
    Set unknown = config.keySet() - defaultConfig.keySet()
    if (unknown) {
        error "runTestPlan: unknown option(s) ${unknown.sort().join(', ')}; it takes ${defaultConfig.keySet().join(', ')}"
    }
    Map cfg = defaultConfig + config
    if (!cfg.plan) {
        error "runTestPlan: 'plan' is required, e.g. runTestPlan(plan: 'smoke')"
    }
    if (!(cfg.plan.toString() ==~ /[A-Za-z0-9._-]+/)) {
        error "runTestPlan: plan '${cfg.plan}' is not a plan id or name (letters, digits, . _ -)"
    }
    String url = cfg.url ?: env.PIPEWRIGHT_URL
    if (!url) {
        error 'runTestPlan: set url or env.PIPEWRIGHT_URL to the pipewright service'
    }
    String request = groovy.json.JsonOutput.toJson([environment: cfg.environment ?: null, build: env.BUILD_URL ?: null, commit: env.GIT_COMMIT ?: null])
    Map result = null
    withCredentials([string(credentialsId: cfg.credentialsId, variable: 'PW_TOKEN')]) {
        withEnv(["PW_URL=${url}", "PW_PLAN=${cfg.plan}", "PW_BODY=${request}"]) {
            Map started = parseJson(sh(script: libraryResource('pipewright/test-plan-start.sh'), returnStdout: true, label: "start test plan ${cfg.plan}"))
            int waited = 0
            withEnv(["PW_PLAN_RUN=${started.id}"]) {
                result = started
                while (!(result.status in ['passed', 'failed', 'error'])) {
                    if (waited >= (cfg.timeoutMinutes as int) * 60) {
                        error "runTestPlan: plan ${cfg.plan} did not finish within ${cfg.timeoutMinutes} minutes"
                    }
                    sleep(time: cfg.pollSeconds as int, unit: 'SECONDS')
                    waited += cfg.pollSeconds as int
                    result = parseJson(sh(script: libraryResource('pipewright/test-plan-status.sh'), returnStdout: true, label: "test plan ${cfg.plan} status"))
                }
                sh(script: libraryResource('pipewright/test-plan-report.sh'), label: 'download the JUnit report')
            }
        }
    }
    junit(testResults: '.pipewright/test-plan-junit.xml', allowEmptyResults: false)
    int total = result.total as int
    double rate = total == 0 ? 0 : 100.0 * (result.passed as int) / total
    String summary = "test plan ${cfg.plan}: ${result.passed}/${total} passed (${String.format('%.1f', rate)}%)"
    if (result.status == 'error' || rate < (cfg.failThreshold as double)) {
        error "runTestPlan: ${summary}, below the fail threshold of ${cfg.failThreshold}%"
    }
    if (rate < (cfg.unstableThreshold as double)) {
        unstable "runTestPlan: ${summary}, below the unstable threshold of ${cfg.unstableThreshold}%"
    } else {
        echo "runTestPlan: ${summary}"
    }
    return result
}

// JsonSlurperClassic returns plain, serializable maps, which is what a CPS-transformed step may keep.
private Map parseJson(String text) {
    return new groovy.json.JsonSlurperClassic().parseText(text) as Map
}
