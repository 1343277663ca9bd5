/*
 * Copyright OpenSearch Contributors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The OpenSearch Contributors require contributions made to
 * this file be licensed under the Apache-2.0 license or a
 * compatible open source license.
 */

// @job-name: gradle-check-flaky-test-detector
// @description: Detects flaky tests from Gradle check runs and creates GitHub issues for them.

lib = library(identifier: 'jenkins@12.0.0', retriever: modernSCM([
    $class: 'GitSCMSource',
    remote: 'https://github.com/opensearch-project/opensearch-build-libraries.git',
]))

pipeline {
    agent {
        docker {
            label 'Jenkins-Agent-AL2023-X64-M54xlarge-Docker-Host'
            image 'opensearchstaging/ci-runner:ci-runner-almalinux8-opensearch-build-v1'
            registryUrl 'https://public.ecr.aws/'
            alwaysPull true
        }
    }
    environment {
        GRADLE_OPTS = '-Drepos.mavenLocal=true'
    }
    options {
        timeout(time: 1, unit: 'HOURS')
        buildDiscarder(logRotator(daysToKeepStr: '180'))
    }
    triggers {
        parameterizedCron('''
            H */6 * * *
        ''')
    }
    stages {
        stage('Detect Gradle Check Flaky Tests') {
            steps {
                script {
                    gradleCheckFlakyTestDetector(
                        issueLabels: 'autocut,>test-failure,flaky-test',
                        timeFrame: '30d'
                    )
                }
            }
        }
    }
    post() {
        always {
            script {
                postCleanup()
            }
        }
    }
}
