pipeline {
  agent none

  options {
    disableConcurrentBuilds()
  }

  // Every Tuesday at 4:30:00 AM Coordinated Universal Time;
  triggers {
    cron '30 4 * * 2'
  }

  stages {
    stage("Release"){
      steps {
        build job: "core/release/${ BRANCH_NAME }", parameters: [
          booleanParam(name: "VALIDATION_ENABLED", value: false),
          string(name: "RELEASE_PROFILE", value: "weekly")
        ]
      }
    }

    stage("Package"){
      steps {
        build job: "core/package/${ BRANCH_NAME }", parameters: [
          booleanParam(name: "VALIDATION_ENABLED", value: false),
          string(name: "RELEASE_PROFILE", value: "weekly"),
          string(name: "JENKINS_VERSION", value: "latest")
        ]
      }
    }
  }
}
