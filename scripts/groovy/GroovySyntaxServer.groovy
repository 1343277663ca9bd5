/*
 * pipewright's bridge to Groovy 2.4, the Groovy that Jenkins embeds.
 *
 * Runs in one JVM for many files (a JVM costs ~0.6 s to start): reads one JSON request per line
 * on stdin and answers one JSON line per request on stdout.
 *
 *   {"id": 1, "op": "compile", "name": "Jenkinsfile", "source": "..."}
 *     -> {"id": 1, "ok": true|false, "errors": [{"line": 3, "column": 5, "message": "..."}]}
 *        A full compile to class generation, as Jenkins does before it runs a Jenkinsfile.
 *   {"id": 2, "op": "tree", "name": "Jenkinsfile", "source": "...", "compile": true}
 *     -> {"id": 2, "ok": true, "errors": [], "statements": [ ...generic call tree... ],
 *         "compileErrors": [...]}
 *        The parse tree (after CONVERSION) reduced to method calls, literals and source text;
 *        with "compile", the same unit then goes on to class generation (one parse for both).
 *        All Declarative meaning is given to it in TypeScript (src/declarative/from-groovy-tree.ts).
 *
 * It knows nothing about Declarative Pipeline on purpose: one generic tree serves the Jenkinsfile
 * importer, the structural comparison in tests and the injection property test.
 */
// A package of its own: a Jenkinsfile compiled in this JVM must not resolve the server's classes
// by their short names (TreeWriter, Tokens, ...) where Jenkins would find no such class.
package pipewright.syntax

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import groovy.transform.CompileStatic
import groovyjarjarantlr.TokenStream
import groovyjarjarantlr.Token
import org.codehaus.groovy.antlr.GroovySourceToken
import org.codehaus.groovy.antlr.SourceBuffer
import org.codehaus.groovy.antlr.UnicodeEscapingReader
import org.codehaus.groovy.antlr.UnicodeLexerSharedInputState
import org.codehaus.groovy.antlr.parser.GroovyLexer
import org.codehaus.groovy.antlr.parser.GroovyTokenTypes
import org.codehaus.groovy.ast.ASTNode
import org.codehaus.groovy.ast.CodeVisitorSupport
import org.codehaus.groovy.ast.expr.*
import org.codehaus.groovy.ast.stmt.BlockStatement
import org.codehaus.groovy.ast.stmt.ExpressionStatement
import org.codehaus.groovy.ast.stmt.Statement
import org.codehaus.groovy.control.CompilationFailedException
import org.codehaus.groovy.control.ClassNodeResolver
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.CompilerConfiguration
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.control.SourceUnit
import org.codehaus.groovy.control.messages.ExceptionMessage
import org.codehaus.groovy.control.messages.SyntaxErrorMessage
import org.codehaus.groovy.syntax.SyntaxException

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption
import java.util.regex.Matcher
import java.util.regex.Pattern

/*
 * SourceText, Tokens, SpanVisitor and TreeWriter run for every node of every file, so they are
 * compiled statically: dynamic Groovy's call sites made the tree writer cost about as much as
 * the parse, and each new call site costs a bootstrap the first time a batch reaches it.
 */
@CompileStatic
class SourceText {
    final String source
    final List<String> lines
    final List<Integer> lineStarts = new ArrayList<Integer>()

    SourceText(String source) {
        this.source = source
        // Groovy counts lines on \n, \r\n and lone \r alike.
        lines = Arrays.asList(source.split(/\r\n|\r|\n/, -1))
        Matcher m = Pattern.compile(/\r\n|\r|\n/).matcher(source)
        lineStarts << 0
        while (m.find()) lineStarts << m.end()
    }

    /** The string index of a 1-based line and column. */
    int offset(int line, int column) {
        if (line < 1 || line > lineStarts.size()) return -1
        return Math.min(lineStarts[line - 1] + column - 1, source.length())
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

/**
 * The file's tokens from Groovy 2.4's own lexer. Groovy 2.4 records wrong end positions for
 * several nodes (a binary expression spans only its operator, a one-line closure runs past its
 * brace), so source text is cut on token boundaries: an expression from its first to its last
 * token, widened to balance parentheses, and a closure to the brace that matches its own.
 */
@CompileStatic
class Tokens {
    final List<GroovySourceToken> list = new ArrayList<GroovySourceToken>()
    final Map<Long, Integer> byStart = new HashMap<Long, Integer>()

    Tokens(String source) {
        SourceBuffer buffer = new SourceBuffer()
        UnicodeEscapingReader reader = new UnicodeEscapingReader(new StringReader(source), buffer)
        // Set up as Groovy's own parser (AntlrParserPlugin) does, so token columns count a
        // unicode escape at its written width, as the AST's positions do.
        GroovyLexer lexer = new GroovyLexer(new UnicodeLexerSharedInputState(reader))
        reader.setLexer(lexer)
        // The plumbed stream tracks the previous token, which tells a slashy string from a division.
        TokenStream stream = lexer.plumb()
        while (true) {
            Token t = stream.nextToken()
            if (t.type == Token.EOF_TYPE) break
            if (t.type == GroovyTokenTypes.NLS) continue
            byStart.put(key(t.line, t.column), list.size())
            list << (GroovySourceToken) t
        }
    }

    static long key(int line, int column) { ((long) line << 20) + column }

    /** Index of the first token starting at or after the position. */
    int firstFrom(int line, int column) {
        long k = key(line, column)
        int lo = 0, hi = list.size()
        while (lo < hi) {
            int mid = (lo + hi) >>> 1
            if (key(list[mid].line, list[mid].column) < k) lo = mid + 1 else hi = mid
        }
        return lo
    }

    /** Index of the last token starting before the position. */
    int lastBefore(int line, int column) { firstFrom(line, column) - 1 }

    int matchingClose(int open) {
        int depth = 0
        int opener = list[open].type
        int closer = opener == GroovyTokenTypes.LCURLY ? GroovyTokenTypes.RCURLY : GroovyTokenTypes.RPAREN
        for (int i = open; i < list.size(); i++) {
            int type = list[i].type
            if (type == opener) depth++
            else if (type == closer && --depth == 0) return i
        }
        return -1
    }

    private static final int[][] PAIRS = [[GroovyTokenTypes.LPAREN, GroovyTokenTypes.RPAREN], [GroovyTokenTypes.LBRACK, GroovyTokenTypes.RBRACK]] as int[][]

    /** Widens [first, last] until its parentheses and brackets balance; returns {first, last}. */
    int[] balanced(int first, int last) {
        for (int[] pair : PAIRS) {
            int open = pair[0], close = pair[1]
            int depth = 0, lowest = 0
            for (int i = first; i <= last; i++) {
                int type = list[i].type
                if (type == open) depth++
                else if (type == close) lowest = Math.min(lowest, --depth)
            }
            int before = -lowest, after = depth - lowest
            while (before > 0 && first > 0 && list[first - 1].type == open) { first--; before-- }
            // A closer may be missing after the last token Groovy reported (a list's `]`): take it.
            while (after > 0 && last + 1 < list.size()) {
                last++
                if (list[last].type == close) after--
                else if (list[last].type == open) after++
            }
        }
        return [first, last] as int[]
    }
}

/** The smallest and largest source positions among a node and everything inside it. */
@CompileStatic
class SpanVisitor extends CodeVisitorSupport {
    int startLine = Integer.MAX_VALUE, startColumn = 0, endLine = -1, endColumn = 0

    void take(ASTNode n) {
        if (n.lineNumber < 1 || n.columnNumber < 1) return
        if (n.lineNumber < startLine || (n.lineNumber == startLine && n.columnNumber < startColumn)) {
            startLine = n.lineNumber; startColumn = n.columnNumber
        }
        if (n.lastLineNumber > endLine || (n.lastLineNumber == endLine && n.lastColumnNumber > endColumn)) {
            endLine = n.lastLineNumber; endColumn = n.lastColumnNumber
        }
    }

    void visitAll(Expression e) {
        take(e)
        e.visit(this)
    }

    @Override void visitBinaryExpression(BinaryExpression e) { take(e.leftExpression); take(e.rightExpression); super.visitBinaryExpression(e) }
    @Override void visitMethodCallExpression(MethodCallExpression e) { take(e.objectExpression); take(e.method); take(e.arguments); super.visitMethodCallExpression(e) }
    @Override void visitConstantExpression(ConstantExpression e) { take(e) }
    @Override void visitVariableExpression(VariableExpression e) { take(e) }
    @Override void visitPropertyExpression(PropertyExpression e) { take(e); super.visitPropertyExpression(e) }
    @Override void visitGStringExpression(GStringExpression e) { take(e); super.visitGStringExpression(e) }
    @Override void visitClosureExpression(ClosureExpression e) { take(e) }
    @Override void visitCastExpression(CastExpression e) { take(e); super.visitCastExpression(e) }
    @Override void visitTernaryExpression(TernaryExpression e) { take(e.booleanExpression); take(e.trueExpression); take(e.falseExpression); super.visitTernaryExpression(e) }
    @Override void visitShortTernaryExpression(ElvisOperatorExpression e) { take(e.trueExpression); take(e.falseExpression); super.visitShortTernaryExpression(e) }
}

@CompileStatic
class TreeWriter {
    final SourceText text
    final Tokens tokens

    TreeWriter(SourceText text) {
        this.text = text
        this.tokens = new Tokens(text.source)
    }

    /** Source text of an expression, cut on token boundaries (see Tokens). */
    String exprSource(Expression e) {
        if (e instanceof ClosureExpression) {
            int[] span = closureSpan((ClosureExpression) e)
            return span == null ? text.of(e) : text.source.substring(span[0], span[1])
        }
        SpanVisitor v = new SpanVisitor()
        v.visitAll(e)
        if (v.endLine < 0) return text.of(e)
        int first = tokens.firstFrom(v.startLine, v.startColumn)
        int last = tokens.lastBefore(v.endLine, v.endColumn)
        if (first >= tokens.list.size() || last < first) return text.of(e)
        // A closure inside the expression ends at its matching brace, wherever Groovy says it ends.
        for (int i = first; i <= last; i++) {
            if (tokens.list[i].type == GroovyTokenTypes.LCURLY) {
                int close = tokens.matchingClose(i)
                if (close > last) last = close
                if (close > i) i = close
            }
        }
        int[] range = tokens.balanced(first, last)
        GroovySourceToken b = tokens.list[range[1]]
        int from = tokenStart(range[0]), to = text.offset(b.lineLast, b.columnLast)
        return from < 0 || to < from ? text.of(e) : text.source.substring(from, to)
    }

    /**
     * The string offset where a token starts. Groovy places a string literal that holds a
     * unicode escape (backslash, u, four hex digits) too far right by the escape's extra
     * width; such a token starts at the first non-blank after the token before it.
     */
    int tokenStart(int i) {
        GroovySourceToken t = tokens.list[i]
        int at = text.offset(t.line, t.column)
        boolean stringToken = t.type == GroovyTokenTypes.STRING_LITERAL || t.type == GroovyTokenTypes.STRING_CTOR_START
        if (!stringToken || i == 0 || at < 0 || at >= text.source.length()) return at
        char first = text.source.charAt(at)
        if (first == ((char) '\'') || first == ((char) '"')) return at
        GroovySourceToken before = tokens.list[i - 1]
        int from = text.offset(before.lineLast, before.columnLast)
        while (from >= 0 && from < at && Character.isWhitespace(text.source.charAt(from))) from++
        return from < 0 ? at : from
    }

    /** String offsets {from, to} of a closure from its opening brace to just after the matching one. */
    int[] closureSpan(ClosureExpression c) {
        Integer open = tokens.byStart.get(Tokens.key(c.lineNumber, c.columnNumber))
        if (open == null || tokens.list[open].type != GroovyTokenTypes.LCURLY) return null
        int close = tokens.matchingClose(open)
        if (close < 0) return null
        GroovySourceToken a = tokens.list[open], b = tokens.list[close]
        return [text.offset(a.line, a.column), text.offset(b.lineLast, b.columnLast)] as int[]
    }

    Map pos(ASTNode n) { [line: n.lineNumber, column: n.columnNumber] }

    List statements(Statement block) {
        List<Statement> list = block instanceof BlockStatement ? ((BlockStatement) block).statements : [block]
        List out = new ArrayList(list.size())
        for (Statement s : list) out << statement(s)
        return out
    }

    Map statement(Statement s) {
        if (s instanceof ExpressionStatement) {
            Expression e = ((ExpressionStatement) s).expression
            if (e instanceof MethodCallExpression && ((MethodCallExpression) e).implicitThis) return call((MethodCallExpression) e)
            if (e instanceof BinaryExpression && ((BinaryExpression) e).operation.text == '=' && ((BinaryExpression) e).leftExpression instanceof VariableExpression) {
                BinaryExpression b = (BinaryExpression) e
                return [t: 'assign', name: ((VariableExpression) b.leftExpression).name, value: value(b.rightExpression)] + pos(s)
            }
            return [t: 'expr', cls: e.getClass().simpleName, src: exprSource(e)] + pos(s)
        }
        return [t: 'stmt', cls: s.getClass().simpleName, src: text.of(s)] + pos(s)
    }

    Map call(MethodCallExpression m) {
        List positional = []
        List named = []
        Map closure = null
        Expression args = m.arguments
        List<Expression> items = args instanceof TupleExpression ? ((TupleExpression) args).expressions : [args]
        for (int i = 0; i < items.size(); i++) {
            Expression a = items[i]
            if (a instanceof NamedArgumentListExpression || (a instanceof MapExpression && !isMapLiteral(a))) {
                for (MapEntryExpression me : ((MapExpression) a).mapEntryExpressions) {
                    named << [key: keyOf(me.keyExpression), value: value(me.valueExpression)]
                }
            } else if (a instanceof ClosureExpression && i == items.size() - 1) {
                closure = closureOf((ClosureExpression) a)
            } else {
                positional << value(a)
            }
        }
        Map out = [t: 'call', name: m.methodAsString, positional: positional, named: named] + pos(m)
        Integer start = text.offset(m.lineNumber, m.columnNumber)
        if (start >= 0) out.put('from', start)
        if (closure != null) out.put('closure', closure)
        return out
    }

    // Named arguments and a map literal are both MapExpressions; only a literal starts with '['.
    boolean isMapLiteral(Expression e) {
        String src = text.of(e)
        return src != null && src.startsWith('[')
    }

    Object keyOf(Expression k) {
        if (k instanceof ConstantExpression) return String.valueOf(((ConstantExpression) k).value)
        return text.of(k)
    }

    Map closureOf(ClosureExpression c) {
        int[] span = closureSpan(c)
        String src = span == null ? text.of(c) : text.source.substring(span[0], span[1])
        String body = src
        if (src != null && src.startsWith('{') && src.endsWith('}')) body = src.substring(1, src.length() - 1)
        Map out = [t: 'closure', statements: statements(c.code), body: body] + pos(c)
        if (span != null) {
            out.put('from', span[0])
            out.put('to', span[1])
        }
        return out
    }

    List values(List<? extends Expression> expressions) {
        List out = new ArrayList(expressions.size())
        for (Expression e : expressions) out << value(e)
        return out
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
            List strings = new ArrayList(g.strings.size())
            for (ConstantExpression s : g.strings) strings << s.value
            return [t: 'gstring', strings: strings, values: values(g.values), src: text.of(e)]
        }
        if (e instanceof ClosureExpression) return closureOf((ClosureExpression) e)
        if (e instanceof MethodCallExpression && ((MethodCallExpression) e).implicitThis) return call((MethodCallExpression) e) + [src: exprSource(e)]
        if (e instanceof ListExpression) return [t: 'list', items: values(((ListExpression) e).expressions), src: exprSource(e)]
        if (e instanceof MapExpression) {
            List entries = []
            for (MapEntryExpression me : ((MapExpression) e).mapEntryExpressions) entries << [key: value(me.keyExpression), value: value(me.valueExpression)]
            return [t: 'map', entries: entries, src: exprSource(e)]
        }
        if (e instanceof VariableExpression) return [t: 'var', name: ((VariableExpression) e).name, src: text.of(e)]
        return [t: 'expr', cls: e.getClass().simpleName, src: exprSource(e)]
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

    /**
     * Jenkins compiles a Jenkinsfile with `@Library` imported by default (workflow-cps-global-lib);
     * a stand-in annotation of the same name and shape lets `@Library('x') _` compile here too.
     */
    static final GroovyClassLoader JENKINS_LOADER = new GroovyClassLoader()
    static {
        JENKINS_LOADER.parseClass('''package org.jenkinsci.plugins.workflow.libs
import java.lang.annotation.*
@Retention(RetentionPolicy.SOURCE) @Target([ElementType.FIELD, ElementType.LOCAL_VARIABLE, ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.PACKAGE, ElementType.CONSTRUCTOR])
@interface Library { String[] value(); boolean changelog() default true }''')
    }

    static CompilerConfiguration jenkinsConfiguration() {
        CompilerConfiguration config = new CompilerConfiguration()
        config.addCompilationCustomizers(new org.codehaus.groovy.control.customizers.ImportCustomizer().addImports('org.jenkinsci.plugins.workflow.libs.Library'))
        return config
    }

    /**
     * Class lookups (found and missed) shared by every compile on a thread (the resolver's cache
     * is not thread-safe): a fresh resolver per file repeats the same class-path misses for
     * every variable name. A unit's own classes are looked up before the resolver, so what one
     * file defines never leaks into another.
     */
    static final ThreadLocal<ClassNodeResolver> RESOLVER = ThreadLocal.withInitial { new ClassNodeResolver() }
    static final CompilerConfiguration JENKINS_CONFIG = jenkinsConfiguration()

    static CompilationUnit jenkinsUnit() {
        CompilationUnit cu = new CompilationUnit(JENKINS_CONFIG, null, JENKINS_LOADER)
        cu.setClassNodeResolver(RESOLVER.get())
        return cu
    }

    /**
     * Jenkins compiles with its plugins' classes at hand and this JVM has Groovy's only, so an
     * import of a Jenkins class (`import jenkins.model.Jenkins`) is no problem of the file.
     */
    static List fileErrors(List errors) {
        return errors.findAll { !String.valueOf(it.message).startsWith('unable to resolve class ') }
    }

    /** Runs the unit on to class generation, as Jenkins does before it runs a Jenkinsfile. */
    static List generate(CompilationUnit cu) {
        try {
            cu.compile(Phases.CLASS_GENERATION)
            return []
        } catch (CompilationFailedException ex) {
            return fileErrors(errorsOf(ex))
        } catch (Throwable ex) {
            // ASM's "Method code too large" and friends escape as plain exceptions.
            return [[line: 0, column: 0, message: ex.toString()]]
        }
    }

    static Map compile(String name, String source) {
        CompilationUnit cu = jenkinsUnit()
        cu.addSource(name, source)
        List errors = generate(cu)
        return [ok: errors.isEmpty(), errors: errors]
    }

    /** The call tree; with `andCompile`, the same unit then goes on to class generation. */
    static Map tree(String name, String source, boolean andCompile) {
        CompilationUnit cu = andCompile ? jenkinsUnit() : new CompilationUnit(new CompilerConfiguration())
        SourceUnit su = cu.addSource(name, source)
        try {
            cu.compile(Phases.CONVERSION)
        } catch (CompilationFailedException ex) {
            return [ok: false, errors: errorsOf(ex)]
        }
        TreeWriter w = new TreeWriter(new SourceText(source))
        Map out = [ok: true, errors: [], statements: w.statements(su.AST.statementBlock)]
        if (andCompile) out.compileErrors = generate(cu)
        return out
    }

    static Map answer(String line) {
        Map req = null
        Map res
        try {
            req = (Map) new JsonSlurper().parseText(line)
            String name = req.name ?: 'Jenkinsfile'
            if (req.op == 'compile') res = compile(name, (String) req.source)
            else if (req.op == 'tree') res = tree(name, (String) req.source, req.compile == true)
            else res = [ok: false, errors: [[line: 0, column: 0, message: "unknown op ${req.op}".toString()]]]
        } catch (Throwable ex) {
            res = [ok: false, errors: [[line: 0, column: 0, message: 'bridge failure: ' + ex.toString()]]]
        }
        res.id = req?.id
        return res
    }

    /**
     * Requests are answered on one thread per core, so a batch of files keeps every core busy;
     * answers carry their request's id and may come back in any order.
     */
    static void main(String[] args) {
        def input = new BufferedReader(new InputStreamReader(System.in, 'UTF-8'))
        def out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, 'UTF-8')
        def pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Runtime.runtime.availableProcessors()))
        String line
        while ((line = input.readLine()) != null) {
            if (line.trim().isEmpty()) continue
            final String request = line
            pool.execute {
                String json = JsonOutput.toJson(answer(request))
                synchronized (out) {
                    out.println(json)
                    out.flush()
                }
            }
        }
        pool.shutdown()
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS)
        out.flush()
        String cache = System.getProperty('pipewright.writeClassesTo')
        if (cache) writeOwnClasses(System.getProperty('pipewright.script'), cache)
    }

    /**
     * Compiles this script to classes in `dir` (the bridge asks when `dir` is missing), so the
     * next JVM loads them instead of compiling the script; done after the last answer, when the
     * compiler is warm and nobody waits for an answer. Written beside `dir` and renamed into
     * place, so a JVM never sees half of them; of two JVMs writing at once, the first rename wins.
     */
    static void writeOwnClasses(String script, String dir) {
        Path target = Paths.get(dir)
        Path temp = null
        try {
            if (script == null || Files.exists(target)) return
            Files.createDirectories(target.parent)
            temp = Files.createTempDirectory(target.parent, target.fileName.toString() + '.')
            CompilerConfiguration config = new CompilerConfiguration()
            config.targetDirectory = temp.toFile()
            CompilationUnit cu = new CompilationUnit(config)
            cu.addSource(new File(script))
            cu.compile()
            // Written last: the bridge loads the classes only when every one matches this list.
            List<String> lines = []
            temp.toFile().eachFileRecurse(groovy.io.FileType.FILES) { File f ->
                String digest = java.security.MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString()
                lines << digest + '  ' + temp.relativize(f.toPath()).toString().replace(File.separatorChar, (char) '/')
            }
            lines.sort()
            temp.resolve('MANIFEST.sha256').toFile().setText(lines.join('\n') + '\n', 'UTF-8')
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE)
        } catch (Throwable ignored) {
            // No cache is no error: the next JVM runs the script again.
        } finally {
            if (temp != null && Files.exists(temp)) temp.toFile().deleteDir()
        }
    }
}

SyntaxServer.main(args)
