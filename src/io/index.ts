/** The parts of pipewright that start processes: the Groovy 2.4 bridge and the Jenkinsfile importer. */
export {
  GroovyBridge,
  GroovyUnavailableError,
  findGroovyClasspath,
  findJava,
  type CompileResult,
  type TreeResult,
} from './groovy-bridge.js';
export { importJenkinsfile } from './import-jenkinsfile.js';
