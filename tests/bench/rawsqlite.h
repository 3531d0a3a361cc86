#pragma once

// bench_messaging's SQLite baselines: what SQLite alone costs on this machine, with the store's
// settings (Database::configure) and a table of message-sized rows, nothing of Tincan's.

// Batched inserts (500 rows per transaction) per second: the ceiling for throughput.
double rawSqliteInsertsPerSecond(int rows);

// The p50 of one-row transactions, in ms: the commits that a persisted round trip cannot avoid.
struct RawCommitLatency
{
    double insertMs = 0; // BEGIN; INSERT one message; COMMIT
    double updateMs = 0; // BEGIN; UPDATE one message's state; COMMIT
};
RawCommitLatency rawSqliteCommitLatency(int commits);
