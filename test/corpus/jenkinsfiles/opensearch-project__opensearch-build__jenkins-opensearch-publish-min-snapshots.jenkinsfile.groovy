/*
 * Copyright OpenSearch Contributors
 * SPDX-License-Identifier: Apache-2.0
 *
 * The OpenSearch Contributors require contributions made to
 * this file be licensed under the Apache-2.0 license or a
 * compatible open source license.
 */

// @job-name: publish-opensearch-min-snapshots
// @description: Publishes OpenSearch minimum snapshots to the distribution repository.

lib = library(identifier: 'jenkins@12.0.0', retriever: modernSCM([
    $class: 'GitSCMSource',
    remote: 'https://github.com/opensearch-project/opensearch-build-libraries.git',
]))

pipeline {
    options {
        timeout(time: 1, unit: 'HOURS')
    }
    agent none
    environment {
        GRADLE_OPTS = '-Drepos.mavenLocal=true'
        AGENT_LINUX_X64 = 'Jenkins-Agent-AL2023-X64-M54xlarge-Docker-Host'
        AGENT_LINUX_ARM64 = 'Jenkins-Agent-AL2023-Arm64-M6g4xlarge-Docker-Host'
        AGENT_MACOS_X64 = 'Jenkins-Agent-MacOS14-X64-Mac1-Multi-Host'
        AGENT_MACOS_ARM64 = 'Jenkins-Agent-MacOS14-ARM64-Mac2-Multi-Host'
        AGENT_WINDOWS_X64 = 'Jenkins-Agent-Windows2019-X64-M54xlarge-Docker-Host'
    }
    triggers {
        parameterizedCron '''
            H */4 * * * %INPUT_MANIFEST=3.9.0/opensearch-3.9.0.yml
            H */4 * * * %INPUT_MANIFEST=3.8.1/opensearch-3.8.1.yml
            H */4 * * * %INPUT_MANIFEST=3.8.0/opensearch-3.8.0.yml
            H */4 * * * %INPUT_MANIFEST=2.19.6/opensearch-2.19.6.yml
        '''
    }
    parameters {
        string(
            name: 'INPUT_MANIFEST',
            description: '<Required> Input manifest under the manifests folder, e.g. 2.0.0/opensearch-2.0.0.yml.',
            trim: true
        )
    }
    stages {
        stage('Detect Docker-images') {
            agent {
                docker {
                    label AGENT_LINUX_X64
                    image 'docker/library/alpine:3'
                    registryUrl 'https://public.ecr.aws/'
                    alwaysPull true
                }
            }
            steps {
                script {
                    // default to linux-tar in INPUT_MANIFEST schemaVersion >= 1.2
                    // Everything except macos and windows can be built on the default linux-tar images
                    // macos currently built directly on VMs, and windows has its own windows images
                    dockerAgent = detectDockerAgent()
                    dockerAgentWindowsZip = detectDockerAgent(
                        distribution: "zip",
                        platform: "windows"
                    )
                    env.javaVersionNumber = dockerAgentWindowsZip.javaVersion.replaceAll("[^0-9]", "") // Only get number
                    echo("Windows Java Version: ${env.javaVersionNumber}")
                    currentBuild.description = INPUT_MANIFEST
                }
            }
        }
        stage('Build OpenSearch-min Snapshots') {
            parallel {
                stage('linux-x64-tar') {
                    agent {
                        docker {
                            label AGENT_LINUX_X64
                            image dockerAgent.image
                            args dockerAgent.args
                            registryUrl 'https://public.ecr.aws/'
                            alwaysPull true
                        }
                    }
                    steps {
                        script {
                            buildManifest(
                                componentName: "OpenSearch",
                                inputManifest: "manifests/${INPUT_MANIFEST}",
                                platform: 'linux',
                                architecture: 'x64',
                                distribution: 'tar',
                                snapshot: true
                            )
                            echo("Uploading linux x64 tar min snapshots to S3")
                            uploadMinSnapshotsToS3(
                                distribution: 'tar'
                            )
                        }
                    }
                    post {
                        always {
                            postCleanup()
                        }
                    }
                }
                stage('linux-arm64-tar') {
                    agent {
                        docker {
                            label AGENT_LINUX_ARM64
                            image dockerAgent.image
                            args dockerAgent.args
                            registryUrl 'https://public.ecr.aws/'
                            alwaysPull true
                        }
                    }
                    steps {
                        script {
                            buildManifest(
                                componentName: "OpenSearch",
                                inputManifest: "manifests/${INPUT_MANIFEST}",
                                platform: 'linux',
                                architecture: 'arm64',
                                distribution: 'tar',
                                snapshot: true
                            )
                            echo("Uploading linux arm64 tar min snapshots to S3")
                            uploadMinSnapshotsToS3(
                                distribution: 'tar'
                            )
                        }
                    }
                    post {
                        always {
                            postCleanup()
                        }
                    }
                }
                stage('macos-x64-tar') {
                    agent {
                        node {
                            label AGENT_MACOS_X64
                        }
                    }
                    steps {
                        script {
                            echo("Switching to Java ${env.javaVersionNumber} on MacOS X64")
                            sh("/usr/local/bin/update-alternatives --set java `/usr/local/bin/update-alternatives --list java | grep openjdk-${env.javaVersionNumber}`")
                            sh("java -version")
                            buildManifest(
                                componentName: "OpenSearch",
                                inputManifest: "manifests/${INPUT_MANIFEST}",
                                platform: 'darwin',
                                architecture: 'x64',
                                distribution: 'tar',
                                snapshot: true
                            )
                            echo("Uploading darwin x64 tar min snapshots to S3")
                            uploadMinSnapshotsToS3(
                                distribution: 'tar'
                            )
                        }
                    }
                    post {
                        always {
                            postCleanup()
                        }
                    }
                }
                stage('macos-arm64-tar') {
                    agent {
                        node {
                            label AGENT_MACOS_ARM64
                        }
                    }
                    steps {
                        script {
                            echo("Switching to Java ${env.javaVersionNumber} on MacOS ARM64")
                            sh("/opt/homebrew/bin/update-alternatives --set java `/opt/homebrew/bin/update-alternatives --list java | grep openjdk-${env.javaVersionNumber}`")
                            sh("java -version")
                            buildManifest(
                                componentName: "OpenSearch",
                                inputManifest: "manifests/${INPUT_MANIFEST}",
                                platform: 'darwin',
                                architecture: 'arm64',
                                distribution: 'tar',
                                snapshot: true
                            )
                            echo("Uploading darwin arm64 tar min snapshots to S3")
                            uploadMinSnapshotsToS3(
                                distribution: 'tar'
                            )
                        }
                    }
                    post {
                        always {
                            postCleanup()
                        }
                    }
                }
                stage('windows-x64-zip') {
                    agent {
                        docker {
                            label AGENT_WINDOWS_X64
                            image dockerAgentWindowsZip.image
                            registryUrl 'https://public.ecr.aws/'
                            alwaysPull true
                        }
                    }
                    steps {
                        script {
                            retry(3) {
                                echo("Switching to Java ${env.javaVersionNumber} on Windows Docker Container")
                                bat("bash -c \"scoop reset `scoop list jdk | cut -d ' ' -f1 | grep ${env.javaVersionNumber} | head -1`\"")
                                buildManifest(
                                    componentName: "OpenSearch",
                                    inputManifest: "manifests/${INPUT_MANIFEST}",
                                    platform: 'windows',
                                    architecture: 'x64',
                                    distribution: 'zip',
                                    snapshot: true
                                )
                                echo("Uploading windows x64 zip min snapshots to S3")
                                uploadMinSnapshotsToS3(
                                    distribution: 'zip'
                                )
                            }
                        }
                    }
                    post {
                        always {
                            postCleanup()
                        }
                    }
                }
            }
        }
    }
}
