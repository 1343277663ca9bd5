// Deploys to the namespace of an environment with kubectl and waits for the rollout.
// Strategies: rolling, canary, blue-green, rollback. Help: vars/deployToKubernetes.txt.
// Every value reaches kubectl through environment variables read by single-quoted scripts, so
// nothing a user types becomes shell code; a kubeconfig arrives only through withCredentials.

def call(Map config = [:]) {
    Map defaultConfig = [
        environment            : null,      // required: target environment name
        namespace              : '',        // Kubernetes namespace; '' means the environment name
        deployment             : '',        // Deployment to update; required except when only applying manifests
        container              : '',        // container in the Deployment whose image is set; '' means the deployment name
        image                  : '',        // image to deploy; '' keeps the image (manifests, rollback)
        manifests              : '',        // file or directory of manifests to apply first; '' applies none
        strategy               : 'rolling', // rolling | canary | blue-green | rollback
        maxUnavailable         : '',        // rolling: pods that may be down during the update, e.g. '25%'
        maxSurge               : '',        // rolling and canary: extra pods during the update; canary default 1
        canaryApproval         : true,      // canary: ask a person before promoting
        canaryCheck            : '',        // canary: shell command that must succeed before promoting
        approvers              : '',        // canary: users or groups who may promote, comma-separated
        service                : '',        // blue-green: Service whose selector switches; '' means the deployment name
        holdSeconds            : 300,       // blue-green: keep the old color this long before scaling it to zero
        toRevision             : 0,         // rollback: revision to return to; 0 means the previous one
        timeoutSeconds         : 300,       // how long to wait for a rollout
        kubeconfigCredentialsId: '',        // file credential holding a kubeconfig; '' uses the pod's service account
        toolsContainer         : 'kubectl', // container of the agent pod that has kubectl
    ]
    Set unknown = config.keySet() - defaultConfig.keySet()
    if (unknown) {
        error "deployToKubernetes: unknown option(s) ${unknown.sort().join(', ')}; it takes ${defaultConfig.keySet().join(', ')}"
    }
    Map cfg = defaultConfig + config
    if (!cfg.environment) {
        error "deployToKubernetes: 'environment' is required, e.g. deployToKubernetes(environment: 'staging', deployment: 'web', image: 'team/web:1.0')"
    }
    List strategies = ['rolling', 'canary', 'blue-green', 'rollback']
    if (!(cfg.strategy in strategies)) {
        error "deployToKubernetes: strategy '${cfg.strategy}' is not one of ${strategies.join(', ')}"
    }
    if (!cfg.deployment && !(cfg.strategy == 'rolling' && cfg.manifests)) {
        error "deployToKubernetes: 'deployment' is required for the ${cfg.strategy} strategy"
    }
    if (cfg.strategy in ['canary', 'blue-green'] && !cfg.image) {
        error "deployToKubernetes: the ${cfg.strategy} strategy needs 'image'"
    }
    String namespace = cfg.namespace ?: cfg.environment
    List kubeEnv = [
        "PW_NAMESPACE=${namespace}",
        "PW_DEPLOYMENT=${cfg.deployment}",
        "PW_CONTAINER=${cfg.container ?: cfg.deployment}",
        "PW_IMAGE=${cfg.image}",
        "PW_MANIFESTS=${cfg.manifests}",
        "PW_TIMEOUT=${cfg.timeoutSeconds}s",
    ]
    container(cfg.toolsContainer) {
        withEnv(kubeEnv) {
            withKubeconfig(cfg.kubeconfigCredentialsId) {
                if (cfg.manifests) {
                    sh(script: 'kubectl -n "$PW_NAMESPACE" apply -f "$PW_MANIFESTS"', label: 'kubectl apply')
                }
                switch (cfg.strategy) {
                    case 'rolling': rolling(cfg); break
                    case 'canary': canary(cfg); break
                    case 'blue-green': blueGreen(cfg); break
                    case 'rollback': rollback(cfg); break
                }
            }
        }
    }
}

private void withKubeconfig(String credentialsId, Closure body) {
    if (credentialsId) {
        withCredentials([file(credentialsId: credentialsId, variable: 'KUBECONFIG')]) { body() }
    } else {
        body()
    }
}

private void rolloutStatus(String deployment) {
    withEnv(["PW_TARGET=${deployment}"]) {
        sh(script: 'kubectl -n "$PW_NAMESPACE" rollout status "deployment/$PW_TARGET" --timeout="$PW_TIMEOUT"', label: 'kubectl rollout status')
    }
}

private void setImage(String deployment) {
    withEnv(["PW_TARGET=${deployment}"]) {
        sh(script: 'kubectl -n "$PW_NAMESPACE" set image "deployment/$PW_TARGET" "$PW_CONTAINER=$PW_IMAGE"', label: 'kubectl set image')
    }
}

private void patchRollingUpdate(String maxSurge, String maxUnavailable) {
    withEnv(["PW_MAX_SURGE=${maxSurge}", "PW_MAX_UNAVAILABLE=${maxUnavailable}"]) {
        sh(script: libraryResource('pipewright/patch-rolling-update.sh'), label: 'kubectl patch strategy')
    }
}

private void rolling(Map cfg) {
    if (cfg.maxSurge != '' || cfg.maxUnavailable != '') {
        patchRollingUpdate(cfg.maxSurge.toString(), cfg.maxUnavailable.toString())
    }
    if (cfg.image) {
        setImage(cfg.deployment)
    }
    if (cfg.deployment) {
        rolloutStatus(cfg.deployment)
    }
}

// Update, pause once the first new pods run, then promote (resume) or undo.
private void canary(Map cfg) {
    patchRollingUpdate((cfg.maxSurge ?: 1).toString(), '0')
    setImage(cfg.deployment)
    sh(script: 'kubectl -n "$PW_NAMESPACE" rollout pause "deployment/$PW_DEPLOYMENT"', label: 'kubectl rollout pause')
    sh(script: libraryResource('pipewright/wait-canary.sh'), label: 'wait for the canary pods')
    boolean promote = true
    if (cfg.canaryCheck) {
        withEnv(["PW_CHECK=${cfg.canaryCheck}"]) {
            promote = sh(script: 'sh -c "$PW_CHECK"', returnStatus: true, label: 'canary check') == 0
        }
    }
    if (promote && cfg.canaryApproval) {
        try {
            Map inputArgs = [message: "Promote the canary of ${cfg.deployment} in ${cfg.environment}?", ok: 'Promote']
            if (cfg.approvers) {
                inputArgs.submitter = cfg.approvers
            }
            input(inputArgs)
        } catch (err) {
            promote = false
        }
    }
    if (promote) {
        sh(script: 'kubectl -n "$PW_NAMESPACE" rollout resume "deployment/$PW_DEPLOYMENT"', label: 'kubectl rollout resume')
        rolloutStatus(cfg.deployment)
    } else {
        sh(script: 'kubectl -n "$PW_NAMESPACE" rollout undo "deployment/$PW_DEPLOYMENT"', label: 'kubectl rollout undo')
        sh(script: 'kubectl -n "$PW_NAMESPACE" rollout resume "deployment/$PW_DEPLOYMENT"', label: 'kubectl rollout resume')
        rolloutStatus(cfg.deployment)
        error "deployToKubernetes: the canary of ${cfg.deployment} was not promoted; the deployment is back on its previous version"
    }
}

// Two Deployments, <deployment>-blue and <deployment>-green; the Service selects one by its color label.
private void blueGreen(Map cfg) {
    String service = cfg.service ?: cfg.deployment
    String active = ''
    withEnv(["PW_SERVICE=${service}"]) {
        active = sh(script: 'kubectl -n "$PW_NAMESPACE" get service "$PW_SERVICE" -o jsonpath="{.spec.selector.color}"', returnStdout: true, label: 'active color').trim()
    }
    String next = active == 'blue' ? 'green' : 'blue'
    String target = "${cfg.deployment}-${next}"
    withEnv(["PW_TARGET=${target}", "PW_ACTIVE=${cfg.deployment}-${active ?: 'none'}"]) {
        sh(script: 'kubectl -n "$PW_NAMESPACE" scale "deployment/$PW_TARGET" --replicas="$(kubectl -n "$PW_NAMESPACE" get "deployment/$PW_ACTIVE" -o jsonpath="{.spec.replicas}" 2>/dev/null || echo 1)"', label: 'scale up the new color')
    }
    setImage(target)
    rolloutStatus(target)
    withEnv(["PW_SERVICE=${service}", "PW_COLOR=${next}"]) {
        sh(script: 'kubectl -n "$PW_NAMESPACE" patch service "$PW_SERVICE" -p "{\\"spec\\":{\\"selector\\":{\\"color\\":\\"$PW_COLOR\\"}}}"', label: 'switch the service')
    }
    echo "deployToKubernetes: ${service} now serves ${next}"
    if (active) {
        sleep(time: cfg.holdSeconds as int, unit: 'SECONDS')
        withEnv(["PW_TARGET=${cfg.deployment}-${active}"]) {
            sh(script: 'kubectl -n "$PW_NAMESPACE" scale "deployment/$PW_TARGET" --replicas=0', label: 'scale down the old color')
        }
    }
}

private void rollback(Map cfg) {
    if (cfg.toRevision) {
        withEnv(["PW_REVISION=${cfg.toRevision}"]) {
            sh(script: 'kubectl -n "$PW_NAMESPACE" rollout undo "deployment/$PW_DEPLOYMENT" --to-revision="$PW_REVISION"', label: 'kubectl rollout undo')
        }
    } else {
        sh(script: 'kubectl -n "$PW_NAMESPACE" rollout undo "deployment/$PW_DEPLOYMENT"', label: 'kubectl rollout undo')
    }
    rolloutStatus(cfg.deployment)
}
