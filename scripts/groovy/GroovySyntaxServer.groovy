/*
 * pipewright's bridge to Groovy 2.4, the Groovy that Jenkins embeds.
 *
 * Runs in one JVM for many files (a JVM costs ~0.6 s to start): reads one JSON request per line
 * on stdin and answers one JSON line per request on stdout.
 *
 *   {"id": 1, "op": "compile", "name": "Jenkinsfile", "source": "..."}
 *     -> {"id": 1, "ok": true|false, "errors": [{"line": 3, "column": 5, "message": "..."}]}
 *        A full compile to class generation, as Jenkins does before it runs a Jenkinsfile.
 *   {"id": 2, "op": "tree", "name": "Jenkinsfile", "source": "..."}
 *     -> {"id": 2, "ok": true, "errors": [], "statements": [ ...generic call tree... ]}
 *        The parse tree (after CONVERSION) reduced to method calls, literals and source text.
 *        All Declarative meaning is given to it in TypeScript (src/declarative/from-groovy-tree.ts).
 *
 * It knows nothing about Declarative Pipeline on purpose: one generic tree serves the Jenkinsfile
 * importer, the structural comparison in tests and the injection property test.
 */
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import org.codehaus.groovy.ast.ASTNode
import org.codehaus.groovy.ast.expr.*
import org.codehaus.groovy.ast.stmt.BlockStatement
import org.codehaus.groovy.ast.stmt.ExpressionStatement
import org.codehaus.groovy.ast.stmt.Statement
import org.codehaus.groovy.control.CompilationFailedException
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.control.SourceUnit
import org.codehaus.groovy.control.messages.ExceptionMessage
import org.codehaus.groovy.control.messages.SyntaxErrorMessage
import org.codehaus.groovy.syntax.SyntaxException

class SourceText {
    final List<String> lines

    SourceText(String source) {
        // Groovy counts lines on \n, \r\n and lone \r alike.
        lines = source.split(/\r\n|\r|\n/, -1) as List<String>
    }

    String of(ASTNode node) {
        if (node == null || node.lineNumber < 1 || node.lastLineNumber < 1) return null
        int l1 = node.lineNumber - 1, c1 = node.columnNumber - 1
        int l2 = node.lastLineNumber - 1, c2 = node.lastColumnNumber - 1
        if (l1 >= lines.size() || l2 >= lines.size()) return null
        if (l1 == l2) return safeSub(lines[l1], c1, c2)
        StringBuilder sb = new StringBuilder(safeSub(lines[l1], c1, lines[l1].length()))
        for (int i = l1 + 1; i < l2; i++) sb.append('\n').append(lines[i])
        sb.append('\n').append(safeSub(lines[l2], 0, c2))
        return sb.toString()
    }

    private static String safeSub(String s, int from, int to) {
        from = Math.max(0, Math.min(from, s.length()))
        to = Math.max(from, Math.min(to, s.length()))
        return s.substring(from, to)
    }
}

class TreeWriter {
    final SourceText text

    TreeWriter(SourceText text) { this.text = text }

    Map pos(ASTNode n) { [line: n.lineNumber, column: n.columnNumber] }

    List statements(Statement block) {
        List<Statement> list = block instanceof BlockStatement ? ((BlockStatement) block).statements : [block]
        return list.collect { statement(it) }
    }

    Map statement(Statement s) {
        if (s instanceof ExpressionStatement) {
            Expression e = ((ExpressionStatement) s).expression
            if (e instanceof MethodCallExpression && ((MethodCallExpression) e).implicitThis) return call((MethodCallExpression) e)
            if (e instanceof BinaryExpression && ((BinaryExpression) e).operation.text == '=' && ((BinaryExpression) e).leftExpression instanceof VariableExpression) {
                BinaryExpression b = (BinaryExpression) e
                return [t: 'assign', name: ((VariableExpression) b.leftExpression).name, value: value(b.rightExpression)] + pos(s)
            }
            return [t: 'expr', cls: e.class.simpleName, src: text.of(e)] + pos(s)
        }
        return [t: 'stmt', cls: s.class.simpleName, src: text.of(s)] + pos(s)
    }

    Map call(MethodCallExpression m) {
        List positional = []
        List named = []
        Map closure = null
        Expression args = m.arguments
        List<Expression> items = args instanceof TupleExpression ? ((TupleExpression) args).expressions : [args]
        items.eachWithIndex { Expression a, int i ->
            if (a instanceof NamedArgumentListExpression || (a instanceof MapExpression && !isMapLiteral(a))) {
                ((MapExpression) a).mapEntryExpressions.each { MapEntryExpression me ->
                    named << [key: keyOf(me.keyExpression), value: value(me.valueExpression)]
                }
            } else if (a instanceof ClosureExpression && i == items.size() - 1) {
                closure = closureOf((ClosureExpression) a)
            } else {
                positional << value(a)
            }
        }
        Map out = [t: 'call', name: m.methodAsString, positional: positional, named: named] + pos(m)
        if (closure != null) out.closure = closure
        return out
    }

    // Named arguments and a map literal are both MapExpressions; only a literal starts with '['.
    boolean isMapLiteral(Expression e) {
        String src = text.of(e)
        return src != null && src.startsWith('[')
    }

    def keyOf(Expression k) {
        if (k instanceof ConstantExpression) return String.valueOf(((ConstantExpression) k).value)
        return text.of(k)
    }

    Map closureOf(ClosureExpression c) {
        String src = text.of(c)
        String body = src
        if (src != null && src.startsWith('{') && src.endsWith('}')) body = src.substring(1, src.length() - 1)
        return [t: 'closure', statements: statements(c.code), body: body] + pos(c)
    }

    Map value(Expression e) {
        if (e instanceof ConstantExpression) {
            Object v = ((ConstantExpression) e).value
            // Groovy 2.4 reports columns of escaped literals wrongly, so literals carry values, not text.
            if (v instanceof BigDecimal || v instanceof BigInteger) return [t: 'const', type: 'number', v: v.toString()]
            if (v instanceof Number) return [t: 'const', type: 'number', v: v]
            if (v instanceof Character) return [t: 'const', type: 'string', v: v.toString()]
            String type = v == null ? 'null' : (v instanceof Boolean ? 'boolean' : 'string')
            return [t: 'const', type: type, v: v]
        }
        if (e instanceof GStringExpression) {
            GStringExpression g = (GStringExpression) e
            return [t: 'gstring', strings: g.strings.collect { it.value }, values: g.values.collect { value(it) }, src: text.of(e)]
        }
        if (e instanceof ClosureExpression) return closureOf((ClosureExpression) e)
        if (e instanceof MethodCallExpression && ((MethodCallExpression) e).implicitThis) return call((MethodCallExpression) e) + [src: text.of(e)]
        if (e instanceof ListExpression) return [t: 'list', items: ((ListExpression) e).expressions.collect { value(it) }, src: text.of(e)]
        if (e instanceof MapExpression) {
            return [t: 'map', entries: ((MapExpression) e).mapEntryExpressions.collect { [key: value(it.keyExpression), value: value(it.valueExpression)] }, src: text.of(e)]
        }
        if (e instanceof VariableExpression) return [t: 'var', name: ((VariableExpression) e).name, src: text.of(e)]
        return [t: 'expr', cls: e.class.simpleName, src: text.of(e)]
    }
}

class SyntaxServer {
    static List errorsOf(CompilationFailedException ex) {
        def collector = ex instanceof org.codehaus.groovy.control.MultipleCompilationErrorsException ? ex.errorCollector : null
        if (collector == null) return [[line: 0, column: 0, message: ex.message]]
        return collector.errors.collect { msg ->
            if (msg instanceof SyntaxErrorMessage) {
                SyntaxException se = ((SyntaxErrorMessage) msg).cause
                return [line: se.line, column: se.startColumn, message: se.originalMessage]
            }
            if (msg instanceof ExceptionMessage) return [line: 0, column: 0, message: String.valueOf(((ExceptionMessage) msg).cause)]
            return [line: 0, column: 0, message: String.valueOf(msg)]
        }
    }

    static Map compile(String name, String source) {
        CompilationUnit cu = new CompilationUnit(new CompilerConfiguration())
        cu.addSource(name, source)
        try {
            cu.compile(Phases.CLASS_GENERATION)
            return [ok: true, errors: []]
        } catch (CompilationFailedException ex) {
            return [ok: false, errors: errorsOf(ex)]
        } catch (Throwable ex) {
            // ASM's "Method code too large" and friends escape as plain exceptions.
            return [ok: false, errors: [[line: 0, column: 0, message: ex.toString()]]]
        }
    }

    static Map tree(String name, String source) {
        CompilationUnit cu = new CompilationUnit(new CompilerConfiguration())
        SourceUnit su = cu.addSource(name, source)
        try {
            cu.compile(Phases.CONVERSION)
        } catch (CompilationFailedException ex) {
            return [ok: false, errors: errorsOf(ex)]
        }
        TreeWriter w = new TreeWriter(new SourceText(source))
        return [ok: true, errors: [], statements: w.statements(su.AST.statementBlock)]
    }

    static void main(String[] args) {
        def input = new BufferedReader(new InputStreamReader(System.in, 'UTF-8'))
        def out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, 'UTF-8')
        def slurper = new JsonSlurper()
        String line
        while ((line = input.readLine()) != null) {
            if (line.trim().isEmpty()) continue
            Map req = null
            Map res
            try {
                req = (Map) slurper.parseText(line)
                String name = req.name ?: 'Jenkinsfile'
                if (req.op == 'compile') res = compile(name, (String) req.source)
                else if (req.op == 'tree') res = tree(name, (String) req.source)
                else res = [ok: false, errors: [[line: 0, column: 0, message: "unknown op ${req.op}".toString()]]]
            } catch (Throwable ex) {
                res = [ok: false, errors: [[line: 0, column: 0, message: 'bridge failure: ' + ex.toString()]]]
            }
            res.id = req?.id
            out.println(JsonOutput.toJson(res))
            out.flush()
        }
    }
}

SyntaxServer.main(args)
