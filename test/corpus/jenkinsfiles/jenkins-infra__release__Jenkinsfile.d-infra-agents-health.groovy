library(
  identifier: 'pipeline-library@master',
  retriever: modernSCM([
    $class: 'GitSCMSource',
    remote: 'https://github.com/jenkins-infra/pipeline-library.git',
  ])
)

pipeline {
  agent none

  triggers {
    cron('0 2 * * *')
  }

  options {
    disableConcurrentBuilds()
  }

  environment {
    RELEASE_PROFILE           = 'weekly'
    AZURE_VAULT_NAME          = 'prodreleasecore'
    GPG_FILE                  = 'jenkins-release.gpg'
    // Using HTTPS with no credentials - https://github.com/jenkins-infra/helpdesk/issues/4909 - need a GH app if rate limited or need to write things to git
    PACKAGING_GIT_REPOSITORY  = 'https://github.com/jenkinsci/packaging.git'
    PACKAGING_GIT_BRANCH      = 'master'
    WORKING_DIRECTORY         = "release"
    FASTLY_API_TOKEN          = credentials('fastly-api-token')
  }

  stages {
    stage('Test Agents Health'){
      parallel {
        stage('Test Linux Agent `package-linux`') {
          agent {
            kubernetes {
              yamlFile 'PodTemplates.d/package-linux.yaml'
            }
          }
          environment {
            SSH_HOSTKEY_ARCHIVES_JENKINS_IO = credentials('ssh-hostkey-archives.jenkins.io')
          }
          steps {
            checkout scm

            // Ensure we can get the secondary git repository used for packaging
            dir (WORKING_DIRECTORY) {
              git branch: PACKAGING_GIT_BRANCH, url: PACKAGING_GIT_REPOSITORY
            }

            // Ensure we can retrieve the GPG key from our Vault'
            sh '''
            utils/release.bash --getGPGKeyFromAzure
            '''
            // Ensure we get the correct Java and Maven versions
            sh 'mvn -v'
            // Ensure the correct storage is mounted in expected paths
            sh 'ls -la /var/www/pkg.jenkins.io.staging/'
            sh 'ls -la /var/www/pkg.jenkins.io.production/'
            sh 'ls -la /var/www/get.jenkins.io.staging/'
            sh 'ls -la /var/www/get.jenkins.io.production/'

            // Ensure Fastly purge token is working on pkg.jenkins.io index page
            sh '''
            curl --fail --location \
              -X POST \
              -H "Fastly-Key: ${FASTLY_API_TOKEN}" \
              -H "Accept: application/json" \
              -H "Fastly-Soft-Purge:1" \
              "https://api.fastly.com/purge/pkg.jenkins.io"
            '''

            // Ensure we can SSH-connect to required remote servers
            sshagent(credentials: [
              'archives.jenkins.io'
            ]) {
              sh '''
              mkdir -m 700 -p "${HOME}/.ssh"
              cat "${SSH_HOSTKEY_ARCHIVES_JENKINS_IO}" >> "${HOME}/.ssh/known_hosts"
              ssh -v mirrorsync@archives.jenkins.io whoami
              '''
            }
          }
        }
        stage('Test Linux Agent `release-linux`') {
          agent {
            kubernetes {
              yamlFile 'PodTemplates.d/release-linux.yaml'
            }
          }
          steps {
            // Ensure we can clone the secondary git repository used for releases
            sshagent(['release-key']) {
              sh 'utils/release.bash --cloneReleaseGitRepository'
            }
            sh '''
            utils/release.bash --getGPGKeyFromAzure
            '''
            // Ensure we get the correct Java and Maven versions
            sh 'mvn -v'
          }
        }
        stage('Test Windows Agent `package-windows`') {
          agent {
            kubernetes {
              yamlFile 'PodTemplates.d/package-windows.yaml'
            }
          }
          steps {
            pwsh 'java -version'
            container('build-dotnet') {
                powershell 'msbuild -version'
                checkout scm
                // Ensure we can get the secondary git repository used for packaging
                dir (WORKING_DIRECTORY) {
                  git branch: PACKAGING_GIT_BRANCH, url: PACKAGING_GIT_REPOSITORY
                }
            }
          }
        }
      }
    }
    stage('Publish build status report') {
      agent {
        kubernetes {
          yamlFile 'PodTemplates.d/release-linux.yaml'
        }
      }
      steps {
        publishBuildStatusReport()
      }
    }
  }
}
