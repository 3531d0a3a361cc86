// The bridge's parts without sockets: access checks, the failure limit, the token file,
// request parsing and body validation.
#include "bridge/accesspolicy.h"
#include "bridge/bridgetoken.h"
#include "bridge/jsonbody.h"
#include "profile/profile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tincan;
using namespace std::chrono_literals;

namespace {
ApiRequest request(const QByteArray &host, const QByteArray &authorization = {},
                   const QByteArray &origin = {},
                   const QString &target = QStringLiteral("/api/v1/peers"))
{
    HeaderPairs headers{{"Host", host}};
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    if (!origin.isEmpty())
        headers.append({"Origin", origin});
    return ApiRequest::make("GET", target, headers);
}
} // namespace

class TestBridgeUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostsAndOrigins()
    {
        AccessPolicy policy(4242, "secret");
        QVERIFY(policy.isAllowedHost("127.0.0.1:4242"));
        QVERIFY(policy.isAllowedHost("LOCALHOST:4242"));
        QVERIFY(policy.isAllowedHost("[::1]:4242"));
        QVERIFY(!policy.isAllowedHost("127.0.0.1"));
        QVERIFY(!policy.isAllowedHost("127.0.0.1:4243"));
        QVERIFY(!policy.isAllowedHost("evil.example:4242"));
        QVERIFY(!policy.isAllowedHost(""));
        QVERIFY(policy.isAllowedOrigin("http://127.0.0.1:4242"));
        QVERIFY(policy.isAllowedOrigin("http://localhost:4242"));
        QVERIFY(policy.isAllowedOrigin("http://[::1]:4242"));
        QVERIFY(!policy.isAllowedOrigin("https://127.0.0.1:4242"));
        QVERIFY(!policy.isAllowedOrigin("null"));
        QVERIFY(!policy.isAllowedOrigin("http://127.0.0.1:4242, http://evil.example"));

        QVERIFY(!policy.checkSite(request("127.0.0.1:4242")));
        QCOMPARE(policy.checkSite(request("evil:4242"))->status, 403);
        QCOMPARE(policy.checkSite(request("127.0.0.1:4242", {}, "http://evil"))->status, 403);
        // Two Origin headers are one list, which matches nothing.
        ApiRequest twice = request("127.0.0.1:4242", {}, "http://127.0.0.1:4242");
        twice.addHeader("origin", "http://evil");
        QCOMPARE(policy.checkSite(twice)->status, 403);
    }

    void tokens()
    {
        AccessPolicy policy(1, "secret");
        QVERIFY(!policy.check(request("127.0.0.1:1", "Bearer secret"), false));
        QVERIFY(!policy.check(request("127.0.0.1:1", "bearer secret"), false));
        QCOMPARE(policy.check(request("127.0.0.1:1", "Bearer secre"), false)->status, 401);
        QCOMPARE(policy.check(request("127.0.0.1:1", "Bearer secrets"), false)->status, 401);
        QCOMPARE(policy.check(request("127.0.0.1:1", "Basic secret"), false)->status, 401);
        QCOMPARE(policy.check(request("127.0.0.1:1"), false)->status, 401);
        const auto query =
            request("127.0.0.1:1", {}, {}, QStringLiteral("/api/v1/events?token=secret"));
        QCOMPARE(policy.check(query, false)->status, 401);
        QVERIFY(!policy.check(query, true));
        QVERIFY(AccessPolicy::constantTimeEquals("abc", "abc"));
        QVERIFY(!AccessPolicy::constantTimeEquals("abd", "abc"));
        QVERIFY(!AccessPolicy::constantTimeEquals("", ""));
        QVERIFY(!AccessPolicy::constantTimeEquals("abcabc", "abc"));
    }

    void failuresLockOutWrongTokensButNeverTheRightOne()
    {
        qint64 now = 0;
        AccessPolicy policy(1, "secret", {3, 1000ms, 5000ms}, [&now] { return now; });
        const auto wrong = request("127.0.0.1:1", "Bearer nope");
        const auto right = request("127.0.0.1:1", "Bearer secret");
        // Failures further apart than the window do not add up.
        for (int i = 0; i < 5; ++i, now += 600)
            QCOMPARE(policy.check(wrong, false)->status, 401);
        QVERIFY(!policy.check(right, false));
        now += 1000; // the last one leaves the window
        QCOMPARE(policy.check(wrong, false)->status, 401);
        QCOMPARE(policy.check(wrong, false)->status, 401);
        QCOMPARE(policy.check(wrong, false)->status, 401); // the third within 1 s
        const auto locked = policy.check(wrong, false);
        QCOMPARE(locked->status, 429);
        QCOMPARE(locked->headers.first().second, QByteArray("5"));
        QVERIFY(!policy.check(right, false)); // the user is never locked out
        now += 4999;
        QCOMPARE(policy.check(wrong, false)->status, 429);
        now += 1;
        QCOMPARE(policy.check(wrong, false)->status, 401);
    }

    // The one-time codes of "Open web page" (issue #19, finding 9): once each, for two minutes,
    // at most eight waiting; wrong ones count toward the lockout, a good one passes it.
    void pageCodesWorkOnceAndExpire()
    {
        qint64 now = 0;
        AccessPolicy policy(1, "secret", {3, 1000ms, 5000ms}, [&now] { return now; });
        const QByteArray code = policy.issuePageCode();
        QCOMPARE(code.size(), 32);
        QVERIFY(code != policy.issuePageCode());
        QVERIFY(!policy.redeemPageCode(code));
        QCOMPARE(policy.redeemPageCode(code)->status, 401); // used up
        const QByteArray late = policy.issuePageCode();
        now += PageCodes::LifetimeMs;
        QCOMPARE(policy.redeemPageCode(late)->status, 401); // expired
        const QByteArray good = policy.issuePageCode();
        QCOMPARE(policy.redeemPageCode("0123")->status, 401);
        QCOMPARE(policy.redeemPageCode("4567")->status, 401); // the third failure within 1 s
        QCOMPARE(policy.redeemPageCode("89ab")->status, 429);
        QVERIFY(!policy.redeemPageCode(good));
        // Only the newest eight wait.
        PageCodes codes;
        QList<QByteArray> issued;
        for (int i = 0; i < PageCodes::MaxOutstanding + 1; ++i)
            issued << codes.issue(0);
        QCOMPARE(codes.outstanding(), PageCodes::MaxOutstanding);
        QVERIFY(!codes.redeem(issued.first(), 0));
        QVERIFY(codes.redeem(issued.last(), 0));
    }

    void theTokenFile()
    {
        QTemporaryDir dir;
        QString error;
        const auto first = BridgeToken::loadOrCreate(dir.path(), &error);
        QVERIFY2(first, qPrintable(error));
        QVERIFY(BridgeToken::isWellFormed(*first));
        QCOMPARE(*BridgeToken::loadOrCreate(dir.path(), &error), *first);
        const QString path = BridgeToken::filePath(dir.path());
        QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());

        const auto rotated = BridgeToken::rotate(dir.path(), &error);
        QVERIFY(rotated && *rotated != *first);
        QCOMPARE(*BridgeToken::read(dir.path(), &error), *rotated);

        // A token others could read may have leaked: a new one replaces it.
        QVERIFY(
            QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        const auto replaced = BridgeToken::loadOrCreate(dir.path(), &error);
        QVERIFY(replaced && *replaced != *rotated);
        QVERIFY(writePrivateFile(path, "garbage\n", &error));
        QVERIFY(!BridgeToken::read(dir.path(), &error));
        QVERIFY(error.contains(QStringLiteral("valid token")));
        QVERIFY(BridgeToken::isWellFormed(*BridgeToken::loadOrCreate(dir.path(), &error)));
        QVERIFY(!BridgeToken::isWellFormed(QByteArray(43, '=')));
        QVERIFY(!BridgeToken::isWellFormed(BridgeToken::generate() + "A"));
    }

    void requestTargets()
    {
        const ApiRequest r =
            ApiRequest::make("get", QStringLiteral("/api/v1/search?q=a+b%2Bc&x=%C3%A9"));
        QCOMPARE(r.method, QByteArray("GET"));
        QCOMPARE(r.path, QStringLiteral("/api/v1/search"));
        QCOMPARE(r.queryValue(QStringLiteral("q")), QStringLiteral("a b+c"));
        QCOMPARE(r.queryValue(QStringLiteral("x")), QStringLiteral("é"));
        QVERIFY(!r.hasQueryValue(QStringLiteral("y")));
        QCOMPARE(ApiRequest::make("GET", QStringLiteral("/a%20b")).path, QStringLiteral("/a b"));
    }

    void jsonBodies()
    {
        auto body = JsonBody::parse(R"({"s": "x", "b": true, "n": 3, "f": 1.5})");
        QVERIFY(body.ok());
        QCOMPARE(*body.string(QStringLiteral("s"), true), QStringLiteral("x"));
        QCOMPARE(*body.boolean(QStringLiteral("b"), true), true);
        QCOMPARE(*body.integer(QStringLiteral("n"), true, 0, 5), 3);
        QVERIFY(!body.string(QStringLiteral("missing"), false));
        QVERIFY(body.ok());
        QVERIFY(!body.integer(QStringLiteral("f"), true, 0, 5));
        QCOMPARE(body.error(), QStringLiteral("'f' must be a whole number from 0 to 5"));

        auto wrong = JsonBody::parse(R"({"s": 1})");
        QVERIFY(!wrong.string(QStringLiteral("s"), true));
        QCOMPARE(wrong.error(), QStringLiteral("'s' must be a string"));
        auto unknown = JsonBody::parse(R"({"a": 1, "zz": 2})");
        QVERIFY(!unknown.onlyKeys({QStringLiteral("a")}));
        QVERIFY(unknown.error().startsWith(QStringLiteral("unknown field 'zz'")));
        QVERIFY(JsonBody::parse("", true).ok());
        QVERIFY(!JsonBody::parse("", false).ok());
        QVERIFY(!JsonBody::parse("null").ok());
        QVERIFY(!JsonBody::parse("{\"a\":").ok());
        auto longText = JsonBody::parse(R"({"s": "abcdef"})");
        QVERIFY(!longText.string(QStringLiteral("s"), true, 5));
    }
};

QTEST_GUILESS_MAIN(TestBridgeUnits)
#include "tst_bridgeunits.moc"
