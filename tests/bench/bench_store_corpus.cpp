#include "bench_store_corpus.h"

#include <algorithm>
#include <cmath>

namespace {

const char *const commonWords[] = {
    "the",     "to",       "and",      "a",       "i",       "you",      "it",      "is",
    "in",      "of",       "for",      "that",    "on",      "we",       "this",    "be",
    "have",    "with",     "can",      "are",     "do",      "not",      "so",      "at",
    "just",    "will",     "me",       "my",      "ok",      "what",     "but",     "if",
    "there",   "about",    "they",     "from",    "now",     "was",      "get",     "all",
    "think",   "your",     "today",    "yes",     "no",      "know",     "one",     "like",
    "time",    "meeting",  "good",     "see",     "lunch",   "work",     "build",   "test",
    "thanks",  "tomorrow", "need",     "please",  "project", "later",    "release", "review",
    "code",    "coffee",   "deadline", "morning", "call",    "office",   "network", "printer",
    "server",  "update",   "document", "weekend", "team",    "issue",    "branch",  "merge",
    "deploy",  "screen",   "laptop",   "message", "friday",  "monday",   "budget",  "customer",
    "invoice", "schedule", "question", "answer",  "problem", "design",   "picture", "kitchen",
    "parking", "holiday",  "birthday", "cake",    "window",  "keyboard", "monitor"};

const char *const syllables[] = {"ka",  "lo",  "mi",  "ne",  "ru",  "ta",  "vo",  "shi",
                                 "bre", "dan", "el",  "fi",  "gor", "hu",  "is",  "jal",
                                 "ko",  "lum", "mar", "nor", "or",  "pel", "qui", "ros",
                                 "sel", "tun", "ur",  "vex", "wil", "xan", "yor", "zed"};

} // namespace

BenchCorpus::BenchCorpus(quint32 seed)
    : m_random(seed)
{
    for (const char *word : commonWords)
        m_vocabulary << QString::fromLatin1(word);
    // A long tail of distinct made-up words (three syllables: 32^3 combinations).
    constexpr int syllableCount = static_cast<int>(std::size(syllables));
    for (int i = 0; m_vocabulary.size() < 20000; ++i) {
        m_vocabulary << QString::fromLatin1(syllables[i % syllableCount]) +
                            QString::fromLatin1(syllables[(i / syllableCount) % syllableCount]) +
                            QString::fromLatin1(
                                syllables[(i / syllableCount / syllableCount) % syllableCount]);
    }
    double total = 0;
    m_cumulative.reserve(m_vocabulary.size());
    for (int rank = 1; rank <= m_vocabulary.size(); ++rank) {
        total += 1.0 / rank;
        m_cumulative.push_back(total);
    }
    for (double &value : m_cumulative)
        value /= total;
}

int BenchCorpus::sampleRank()
{
    const double u = m_random.generateDouble();
    const auto it = std::lower_bound(m_cumulative.cbegin(), m_cumulative.cend(), u);
    return std::min(static_cast<int>(it - m_cumulative.cbegin()),
                    static_cast<int>(m_vocabulary.size()) - 1);
}

QString BenchCorpus::message()
{
    const int words = 3 + static_cast<int>(m_random.bounded(22));
    QString text;
    for (int i = 0; i < words; ++i) {
        if (i > 0)
            text += QLatin1Char(' ');
        text += m_vocabulary.at(sampleRank());
    }
    return text;
}
