#pragma once

#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <vector>

// Deterministic chat-like text for bench_store: words drawn from a Zipf distribution over a
// vocabulary of common English words followed by a long tail of made-up ones, like real chat.
class BenchCorpus
{
public:
    explicit BenchCorpus(quint32 seed);

    QString message(); // 3 to 24 words
    QString word(int rank) const { return m_vocabulary.at(rank); }
    int vocabularySize() const { return static_cast<int>(m_vocabulary.size()); }

private:
    int sampleRank();

    QRandomGenerator m_random;
    QStringList m_vocabulary;
    std::vector<double> m_cumulative;
};
