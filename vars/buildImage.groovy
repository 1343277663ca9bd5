// Builds and pushes a container image with kaniko inside the agent pod (no Docker daemon).
// Help: vars/buildImage.txt. Values reach the shell only through environment variables, and the
// registry password only through withCredentials: no user value or secret is put into a GString
// that becomes shell code.

def call(Map config = [:]) {
    Map defaultConfig = [
        image        : null,         // required: repository of the image, e.g. 'team/app'
        registry     : '',           // registry host, e.g. 'registry.example.com'; '' means Docker Hub
        context      : '.',          // build context directory, relative to the workspace
        dockerfile   : 'Dockerfile', // Dockerfile, relative to the context
        tags         : [],           // tags to push; [] means the commit id (or build number) and 'latest'
        credentialsId: '',           // Jenkins username/password credential for the registry; '' pushes anonymously
        cache        : false,        // keep kaniko's layer cache in <registry>/<image>/cache
        container    : 'kaniko',     // container of the agent pod that holds /kaniko/executor
    ]
    Set unknown = config.keySet() - defaultConfig.keySet()
    if (unknown) {
        error "buildImage: unknown option(s) ${unknown.sort().join(', ')}; it takes ${defaultConfig.keySet().join(', ')}"
    }
    Map cfg = defaultConfig + config
    if (!cfg.image) {
        error "buildImage: 'image' is required, e.g. buildImage(image: 'team/app')"
    }
    if (!(cfg.image ==~ /[a-z0-9]+([._\/-][a-z0-9]+)*/)) {
        error "buildImage: image '${cfg.image}' is not a repository name (lower-case letters, digits, . _ - /)"
    }
    List tags = cfg.tags ?: [(env.GIT_COMMIT ?: env.BUILD_NUMBER ?: 'latest').toString(), 'latest'].unique()
    for (tag in tags) {
        if (!(tag ==~ /[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}/)) {
            error "buildImage: tag '${tag}' is not a valid image tag"
        }
    }
    String repository = cfg.registry ? "${cfg.registry}/${cfg.image}" : cfg.image
    List destinations = tags.collect { "${repository}:${it}".toString() }
    List buildEnv = [
        "PW_CONTEXT=${cfg.context}",
        "PW_DOCKERFILE=${cfg.dockerfile}",
        "PW_DESTINATIONS=${destinations.join(' ')}",
        "PW_REGISTRY=${cfg.registry ?: 'https://index.docker.io/v1/'}",
        "PW_CACHE_REPO=${cfg.cache ? repository + '/cache' : ''}",
    ]
    String script = libraryResource('pipewright/kaniko-build.sh')
    container(cfg.container) {
        withEnv(buildEnv) {
            if (cfg.credentialsId) {
                withCredentials([usernamePassword(credentialsId: cfg.credentialsId, usernameVariable: 'PW_REGISTRY_USER', passwordVariable: 'PW_REGISTRY_PASSWORD')]) {
                    sh(script: script, label: "kaniko: ${destinations.join(', ')}")
                }
            } else {
                sh(script: script, label: "kaniko: ${destinations.join(', ')}")
            }
        }
    }
    String digest = readFile('.pipewright/image-digest').trim()
    env.PIPEWRIGHT_IMAGE_DIGEST = digest
    env.PIPEWRIGHT_IMAGE = "${repository}@${digest}".toString()
    echo "buildImage: pushed ${destinations.join(', ')} (${digest})"
    return digest
}
