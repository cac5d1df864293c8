// Runs after the consumer's build. Fails the consumer check when consul-embedded brings an HTTP, JSON or
// process library onto the consumer's classpath, or when the consumer's cluster test did not run and pass.

def forbidden = [
        ~/^com\.squareup\.okhttp3:/, ~/^com\.squareup\.okio:/, ~/^org\.jetbrains\.kotlin:/, ~/^org\.jetbrains:annotations:/,
        ~/^com\.fasterxml\.jackson(\.[a-z]+)*:/, ~/^org\.apache\.commons:commons-exec:/]
def problems = []

// 1. The tree, verbose, so that a copy Maven left out for a nearer one still shows under its parent.
def treeFile = new File(basedir, 'dependency-tree.txt')
if (!treeFile.isFile()) {
    throw new AssertionError("no dependency tree at ${treeFile}: dependency:tree did not run")
}
def lines = treeFile.readLines()
def ours = []          // the depth of the io.github.consulembedded node we are inside, innermost last
def seenOurs = false
lines.drop(1).each { line ->
    def start = line.findIndexOf { it ==~ /[A-Za-z(]/ }
    if (start < 0) {
        return
    }
    def depth = start.intdiv(3)
    def coordinates = line.substring(start).replaceFirst(/^\(/, '')
    while (!ours.isEmpty() && ours.last() >= depth) {
        ours.removeLast()
    }
    if (!ours.isEmpty() && forbidden.any { coordinates =~ it }) {
        problems << "consul-embedded brings ${line.trim()}"
    }
    if (coordinates.startsWith('io.github.consulembedded:')) {
        ours << depth
        seenOurs = true
    }
}
if (!seenOurs) {
    problems << "the tree shows no io.github.consulembedded artifact at all; is the dependency declared?"
}

// 2. The POM that was installed for the core lists nothing but slf4j-api outside test scope.
def corePom = new File(localRepositoryPath, 'io/github/consulembedded/consul-embedded')
        .listFiles()?.collect { new File(it, "consul-embedded-${it.name}.pom") }?.find { it.isFile() }
if (corePom == null) {
    problems << "no installed consul-embedded POM under ${localRepositoryPath}"
} else {
    def project = new groovy.xml.XmlSlurper().parse(corePom)
    def runtimeDependencies = project.dependencies.dependency
            .findAll { it.scope.text() in ['', 'compile', 'runtime'] && it.optional.text() != 'true' }
            .collect { "${it.groupId.text()}:${it.artifactId.text()}".toString() }
    if (runtimeDependencies != ['org.slf4j:slf4j-api']) {
        problems << "the installed ${corePom.name} declares ${runtimeDependencies} for users, not just org.slf4j:slf4j-api"
    }
}

// 3. The cluster test ran: a report with tests, none failed; skipped only when the user asked for that.
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.consumer.ClusterWithKiwiprojectClientTest.xml')
if (!report.isFile()) {
    problems << "no surefire report ${report}: the consumer's cluster test did not run"
} else {
    def suite = new groovy.xml.XmlSlurper().parse(report)
    int tests = suite.@tests.toInteger()
    int failed = suite.@failures.toInteger() + suite.@errors.toInteger()
    int skipped = suite.@skipped.toInteger()
    println "[consumer-check] cluster test: ${tests} tests, ${failed} failed, ${skipped} skipped"
    if (tests == 0) {
        problems << "the consumer's cluster test ran no tests"
    }
    if (failed > 0) {
        problems << "the consumer's cluster test had ${failed} failures or errors"
    }
    if (skipped > 0) {
        if (System.getenv('CONSUL_EMBEDDED_SKIP_WHEN_UNAVAILABLE') == 'true') {
            println "[consumer-check] SKIPPED: the cluster test was skipped (no Consul binary and "
                    + "CONSUL_EMBEDDED_SKIP_WHEN_UNAVAILABLE=true); only the dependency checks ran"
        } else {
            problems << "the consumer's cluster test skipped ${skipped} of ${tests} tests"
        }
    }
}

if (!problems.isEmpty()) {
    throw new AssertionError("consumer check failed:\n  " + problems.join("\n  "))
}
println "[consumer-check] no OkHttp, Okio, Kotlin, Jackson or commons-exec comes from io.github.consulembedded"
return true
