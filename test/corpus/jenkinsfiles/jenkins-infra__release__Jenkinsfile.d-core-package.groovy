pipeline {
  agent {
    kubernetes {
      yamlFile 'PodTemplates.d/package-linux.yaml'
      workingDir '/home/jenkins/agent'
      retries 2 // Retry in case of agent error caused by controller restart or pod deletion for instance
    }
  }

  parameters {
    choice(
      choices: [
        'weekly',
        'stable',
        'stable-rc',
        'security'
      ],
      description: 'Define which Jenkins Release we are packaging for. https://github.com/jenkins-infra/release/tree/master/profile.d',
      name: 'RELEASE_PROFILE'
    )
    string(
      defaultValue: '',
      description: 'Define which Jenkins Version to package',
      name: 'JENKINS_VERSION',
      trim: false
    )
    string(
      defaultValue: '',
      description: 'Define staging git branch uses for promotion',
      name: 'RELEASE_GIT_BRANCH',
      trim: false
    )
    string(
      defaultValue: '',
      description: 'Define which maven repository to use for packaging and promotion',
      name: 'MAVEN_REPOSITORY_NAME',
      trim: false
    )
    string(
      defaultValue: '',
      description: 'Define which maven repository to promote to if MAVEN_STAGING_REPOSITORY_PROMOTION_ENABLED set to true',
      name: 'MAVEN_REPOSITORY_PRODUCTION_NAME',
      trim: false
    )
    booleanParam(
      defaultValue: false,
      description: 'Enable Maven repository promotion',
      name: 'MAVEN_STAGING_REPOSITORY_PROMOTION_ENABLED'
    )
    booleanParam(
      defaultValue: false,
      description: 'Enable Git repository promotion',
      name: 'GIT_STAGING_REPOSITORY_PROMOTION_ENABLED'
    )
    booleanParam(
      defaultValue: true,
      description: 'Define if we wait for validation after displaying the plan or not',
      name: 'VALIDATION_ENABLED'
    )
    booleanParam(
      defaultValue: true,
      description: 'Enable Windows Packaging',
      name: 'WINDOWS_PACKAGING_ENABLED'
    )
    booleanParam(
      defaultValue: false,
      description: 'Select this checkbox if you want to disable promotion to production (e.g. only publish to staging).',
      name: 'ONLY_STAGING_PARAM'
    )
    booleanParam(
      defaultValue: false,
      description: 'Select this checkbox if you only want to promote staging to production (e.g. no package generation, only publication).',
      name: 'ONLY_PROMOTION_PARAM'
    )
  }

  options {
    disableConcurrentBuilds()
    buildDiscarder logRotator(numToKeepStr: '15') // Retain only last 15 builds to reduce space requirements
  }

//  ENV JENKINS_VERSION
//    stable: It represents the latest stable version that satisfies version pattern X.Y.Z
//    weekly: It represents the latest weekly version that satisfies version pattern X.Y
//    <version>: where version represent any valid existing version like 2.176.2

  environment {
    AZURE_VAULT_NAME          = 'prodreleasecore'
    GPG_FILE                  = 'jenkins-release.gpg'
    GPG_PASSPHRASE            = credentials('release-gpg-passphrase-2026')
    // Using HTTPS with no credentials - https://github.com/jenkins-infra/helpdesk/issues/4909 - need a GH app if rate limited or need to write things to git
    PACKAGING_GIT_REPOSITORY  = 'https://github.com/jenkinsci/packaging.git'
    PACKAGING_GIT_BRANCH      = 'master'
    WAR_FILENAME              = 'jenkins.war'
    WAR                       = "$WORKSPACE/$WORKING_DIRECTORY/$WAR_FILENAME"
    MAVEN_REPOSITORY_USERNAME = credentials('maven-repository-username')
    MAVEN_REPOSITORY_PASSWORD = credentials('maven-repository-password')
    MSI_FILENAME              = 'jenkins.msi'
    MSI                       = "$WORKSPACE/$WORKING_DIRECTORY/$MSI_FILENAME"
    WORKING_DIRECTORY         = "release"
    // Sanitize URL to avoid nested subdomains and other URL bad surprises: "feat/foo-stable:2.539" => "feat_foo-stable_2_539"
    BASE_BIN_DIR              = "${env.GET_JENKINS_IO_STAGING}/${env.BRANCH_NAME.replaceAll('\\.', '_').replaceAll('\\/', '_').replaceAll('\\:', '_')}"
    // Sanitize URL to avoid nested subdomains and other URL bad surprises: "feat/foo-stable:2.539" => "feat_foo-stable_2_539"
    BASE_PKG_DIR              = "${env.PKG_JENKINS_IO_STAGING}/${env.BRANCH_NAME.replaceAll('\\.', '_').replaceAll('\\/', '_').replaceAll('\\:', '_')}"
    ONLY_STAGING              = "${params.containsKey("ONLY_STAGING_PARAM") ? params.ONLY_STAGING_PARAM : false}"
    ONLY_PROMOTION            = "${params.containsKey("ONLY_PROMOTION_PARAM") ? params.ONLY_PROMOTION_PARAM : false}"
  }

  stages {
    stage('Plan') {
      steps {
        sh 'utils/release.bash --showPackagingPlan'
      }
    }
    stage('Validate') {
      when {
        environment name: 'VALIDATION_ENABLED', value: 'true'
        beforeInput true
      }

      input {
        message 'Are you ok to proceed?'
      }

      steps {
        sh 'echo Validated'
      }

    }
    stage('Publish to staging') {
      when {
        environment name: 'ONLY_PROMOTION', value: 'false'
      }
      stages {
        stage('Get GPG key') {
          steps {
            checkout scm
            dir (WORKING_DIRECTORY) {
              git branch: PACKAGING_GIT_BRANCH, url: PACKAGING_GIT_REPOSITORY
            }

            sh '''
              ./utils/release.bash --getGPGKeyFromAzure
            '''

            dir (WORKING_DIRECTORY) {
              stash includes: GPG_FILE , name: 'GPG'
            }

            sh './utils/release.bash --configureGPG'
          }
        }
        stage('Prepare package staging environment') {
          steps {
            sh '''
              ./utils/release.bash --prepareStaging
            '''
          }
        }
        stage('Download WAR to package') {
          steps {
            sh '''
              ./utils/release.bash --downloadJenkins
            '''
            dir (WORKING_DIRECTORY) {
              stash includes: WAR_FILENAME, name: "WAR"
            }
          }
        }
        stage('Package') {
          failFast false
          parallel {
            stage('WAR') {
              stages {
                stage('Publish') {
                  steps {
                    sh '''
                      ./utils/release.bash --packaging war.publish
                    '''
                  }
                }
              }
            }
            stage('Debian') {
              stages {
                stage('Build') {
                  steps {
                    sh '''
                      ./utils/release.bash --packaging deb
                    '''
                  }
                }
                stage('Publish') {
                  steps {
                    sh '''
                      ./utils/release.bash --packaging deb.publish
                    '''
                  }
                }
              }
            }
            stage('RPM') {
              stages {
                stage('Build'){
                  steps {
                    sh '''
                      ./utils/release.bash --packaging rpm
                    '''
                  }
                }
                stage('Publish'){
                  steps {
                    sh '''
                      ./utils/release.bash --packaging rpm.publish
                    '''
                  }
                }
              }
            }
            stage('MSI') {
              when {
                environment name: 'WINDOWS_PACKAGING_ENABLED', value: 'true'
              }
              stages {
                stage('Windows') {
                  agent {
                    kubernetes {
                      yamlFile 'PodTemplates.d/package-windows.yaml'
                    }
                  }
                  stages {
                    stage('Build MSI') {
                      steps {
                        container('build-dotnet') {
                          checkout scm
                          dir (WORKING_DIRECTORY) {
                            git branch: PACKAGING_GIT_BRANCH, url: PACKAGING_GIT_REPOSITORY

                            unstash 'WAR'

                            powershell '''
                              Get-ChildItem env:
                              $env:WAR=(Resolve-Path .\\jenkins.war).Path
                              & .\\make.ps1
                            '''
                          }
                        }
                      }
                    }
                    stage('Prepare Signing') {
                      steps {
                        container('sign-dotnet') {
                          /***
                          TODO: migrate to a prebuilt container image or VM to avoid installing on each run
                          ***/
                          powershell '''
                          & .\\utils\\msi-setup-signing.ps1
                          '''
                        }
                      }
                    }
                    stage('Sign MSI') {
                      environment {
                        // Using default Azure SDK variables, not expecting other Azure usage (az / azcopy/etc.) than signing for this stage (as these credentials are related to Linux Foundation tenant, not our tenant)
                        AZURE_TENANT_ID                         = credentials('lf-msi-sign-azure-tenant-id')
                        AZURE_CLIENT_ID                         = credentials('lf-msi-sign-azure-client-id')
                        AZURE_CLIENT_SECRET                     = credentials('lf-msi-sign-azure-client-secret')
                      }
                      steps {
                        container('sign-dotnet') {
                          powershell '''
                          & .\\utils\\msi-sign.ps1
                          '''

                          // Don't stash the full path
                          dir('release\\msi\\build\\bin\\Release\\en-US') {
                            stash includes: '*.msi*' , name: 'MSI'
                          }
                        }
                      }
                    }
                  }
                }
                stage('Publish') {
                  steps {
                    dir (WORKING_DIRECTORY) {
                      unstash 'MSI'
                    }
                    sh '''
                      ./utils/release.bash --packaging msi.publish
                    '''
                  }
                }
              }
            }
          }
        }
        stage('Promote') {
          failFast true
          parallel {
            stage('Maven Repository') {
              when {
                environment name: 'MAVEN_STAGING_REPOSITORY_PROMOTION_ENABLED', value: 'true'
              }

              steps {
                sh '''
                  ./utils/release.bash --promoteStagingMavenArtifacts
                '''
              }
            }
            stage('Git Repository') {
              when {
                environment name: 'GIT_STAGING_REPOSITORY_PROMOTION_ENABLED', value: 'true'
              }
              steps {
                sh '''
                  ./utils/release.bash --promoteStagingGitRepository
                '''
              }
            }
          }
        }
      }
    }
    stage('Promote Packages and sync mirrors') {
      when {
        environment name: 'ONLY_STAGING', value: 'false'
      }
      environment {
        SSH_HOSTKEY_ARCHIVES_JENKINS_IO   = credentials('ssh-hostkey-archives.jenkins.io')
      }
      steps {
        sshagent(credentials: [
          'archives.jenkins.io',
        ]) {
          sh '''
              mkdir -m 700 -p "${HOME}/.ssh"
          cat "${SSH_HOSTKEY_ARCHIVES_JENKINS_IO}" >> "${HOME}/.ssh/known_hosts"
          '''
          sh '''
            ./utils/release.bash --promotePackages
          '''
        }
      }
    }
    stage('Invalidate Fastly Cache for pkg.jenkins.io') {
      when {
        environment name: 'ONLY_STAGING', value: 'false'
      }
      environment {
        FASTLY_API_TOKEN = credentials('fastly-api-token')
        FASTLY_SERVICE_ID = credentials('fastly_pkgjenkinsio_service_id')
      }
      steps {
        sh '''
          ./utils/release.bash --invalidateFastlyCache
        '''
      }
    }
  }
  post {
    failure {
      input '''Can I delete the pod? '''
    }
  }
}
