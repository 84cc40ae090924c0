package io.interstice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh, temporary PostgreSQL cluster for the {@code pekko-persistence-jdbc} peer: {@code initdb}
 * in a directory of its own, a server on a free 127.0.0.1 port with its unix socket in that
 * directory, {@code fsync = on} and {@code synchronous_commit = on} (a commit is acknowledged after
 * its WAL is forced, as the other durable journals), and the plugin's own PostgreSQL schema
 * (shipped in its jar) created in the {@code postgres} database. {@link #close} stops the server
 * and deletes the directory; a shutdown hook does the same if the benchmark ends otherwise.
 *
 * <p>PostgreSQL refuses to run as root, so when this JVM runs as root the server programs run as
 * the {@code postgres} user ({@code runuser -u postgres}), which then owns the directory. The
 * binaries are found with {@code pg_config --bindir}, else the newest {@code
 * /usr/lib/postgresql/N/bin}.
 *
 * <p>Thread-safety: one owner; {@link #close} may race with the shutdown hook and is idempotent.
 */
final class PostgresCluster implements AutoCloseable {
  /** The database user {@code initdb} creates as superuser; trusted on 127.0.0.1. */
  static final String USER = "interstice";

  private static final String SCHEMA = "schema/postgres/postgres-create-schema.sql";
  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private final Path dir;
  private final Path bin;
  private final int port;
  private final Thread hook;
  private boolean stopped;

  private PostgresCluster(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.hook = new Thread(this::stopQuietly, "postgres-cluster-stop");
  }

  /**
   * Creates, starts and prepares a cluster in {@code dir} (wiped first), or, when the {@code
   * postgres} user cannot reach {@code dir} (a parent closed to others), in a new directory under
   * the system's temporary directory, with a note on standard output.
   */
  static PostgresCluster start(Path dir) throws IOException, InterruptedException {
    JournalBench.wipe(dir);
    Files.createDirectories(dir);
    if (isRoot() && !reachableByPostgres(dir)) {
      Files.delete(dir);
      dir = Files.createTempDirectory("interstice-postgres");
      System.out.println(
          "  note: the postgres user cannot reach the data directory; PostgreSQL runs in " + dir);
    }
    var cluster = new PostgresCluster(dir.toAbsolutePath(), binaries(), freePort());
    Runtime.getRuntime().addShutdownHook(cluster.hook);
    try {
      cluster.initAndStart();
      cluster.createSchema();
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** JDBC URL of the cluster's {@code postgres} database. */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** The HOCON that points {@code jdbc-journal} at this cluster. */
  String journalConfig() {
    return "jdbc-journal.slick {\n"
        + "  profile = \"slick.jdbc.PostgresProfile$\"\n"
        + "  db {\n"
        + "    url = \""
        + jdbcUrl()
        + "\"\n"
        + "    user = \""
        + USER
        + "\"\n"
        + "    password = \"\"\n"
        + "    driver = \"org.postgresql.Driver\"\n"
        + "  }\n"
        + "}\n";
  }

  /** Empties the journal table, so that each run starts from nothing as the other journals do. */
  void truncateJournal() {
    sql(List.of("TRUNCATE event_journal CASCADE"));
  }

  @Override
  public void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs (or ran) the same idempotent stop.
    }
  }

  private synchronized void stopQuietly() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (Files.exists(dir.resolve("data/postmaster.pid"))) {
        run(pgCommand("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("WARNING: could not stop PostgreSQL in " + dir + ": " + e.getMessage());
    }
    try {
      JournalBench.wipe(dir);
    } catch (IOException e) {
      System.err.println("WARNING: could not delete " + dir + ": " + e.getMessage());
    }
  }

  private void initAndStart() throws IOException, InterruptedException {
    if (isRoot()) {
      run(List.of("chown", "postgres:postgres", dir.toString()));
    }
    var data = dir.resolve("data").toString();
    run(pgCommand("initdb", "-D", data, "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync"));
    var options =
        String.join(
            " ",
            "-p " + port,
            "-k " + dir,
            "-c listen_addresses=127.0.0.1",
            "-c fsync=on",
            "-c synchronous_commit=on",
            "-c max_connections=100");
    run(
        pgCommand(
            "pg_ctl",
            "-D",
            data,
            "-l",
            dir.resolve("postgres.log").toString(),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start"));
  }

  private void createSchema() throws IOException {
    String script;
    try (InputStream in = PostgresCluster.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA + " not on the class path (pekko-persistence-jdbc)");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var statements = new ArrayList<String>();
    for (var statement : script.split(";")) {
      if (!statement.isBlank()) {
        statements.add(statement.trim());
      }
    }
    sql(statements);
  }

  private void sql(List<String> statements) {
    // Autocommit, one statement at a time: the schema has CREATE INDEX CONCURRENTLY, which may not
    // run inside a transaction block.
    try (var connection = DriverManager.getConnection(jdbcUrl(), USER, "");
        var statement = connection.createStatement()) {
      for (var sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  private List<String> pgCommand(String program, String... args) {
    var command = new ArrayList<String>();
    if (isRoot()) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(program).toString());
    command.addAll(List.of(args));
    return command;
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    var log = dir.resolve("command.log");
    var process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          String.join(" ", command) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      var serverLog = dir.resolve("postgres.log");
      throw new IllegalStateException(
          String.join(" ", command)
              + " exited with "
              + process.exitValue()
              + ":\n"
              + Files.readString(log)
              + (Files.exists(serverLog) ? Files.readString(serverLog) : ""));
    }
  }

  /** Whether every parent of {@code dir} lets others through (so the postgres user gets in). */
  private static boolean reachableByPostgres(Path dir) throws IOException {
    for (var d = dir.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
      if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static Path binaries() throws IOException, InterruptedException {
    try {
      var process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
        return Path.of(out);
      }
    } catch (IOException e) {
      // No pg_config on the PATH: look where Debian's packages put the server.
    }
    var root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var found =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(Comparator.comparingInt(PostgresCluster::majorVersion));
        if (found.isPresent()) {
          return found.get();
        }
      }
    }
    throw new IllegalStateException(
        "PostgreSQL server binaries not found (pg_config --bindir, /usr/lib/postgresql/*/bin);"
            + " install them, e.g. apt-get install -y postgresql");
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
