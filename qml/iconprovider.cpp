#include "iconprovider.h"

#include <QPainter>
#include <QPainterPath>

IconProvider::IconProvider()
    : QQuickImageProvider(QQuickImageProvider::Image)
{}

QImage IconProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    const int side = requestedSize.isValid() ? std::max(requestedSize.width(), 16) : 64;
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);

    // The app icon's colours: a blue rounded square with a white speech bubble.
    const qreal s = side;
    QLinearGradient background(0, 0, 0, s);
    background.setColorAt(0, QColor(0x3d, 0x8b, 0xfd));
    background.setColorAt(1, QColor(0x1a, 0x4f, 0xc4));
    painter.setPen(Qt::NoPen);
    painter.setBrush(background);
    painter.drawRoundedRect(QRectF(0, 0, s, s), s * 0.22, s * 0.22);
    QPainterPath bubble;
    bubble.addRoundedRect(QRectF(s * 0.2, s * 0.24, s * 0.6, s * 0.42), s * 0.14, s * 0.14);
    QPolygonF tail;
    tail << QPointF(s * 0.32, s * 0.6) << QPointF(s * 0.28, s * 0.8) << QPointF(s * 0.48, s * 0.64);
    bubble.addPolygon(tail);
    painter.setBrush(Qt::white);
    painter.drawPath(bubble.simplified());

    const QStringList parts = id.split(QLatin1Char('/'));
    const int unread =
        parts.size() == 2 && parts.first() == QLatin1String("tray") ? parts.at(1).toInt() : 0;
    if (unread > 0) {
        const QRectF badge(s * 0.46, 0, s * 0.54, s * 0.54);
        painter.setBrush(QColor(0xe5, 0x39, 0x35));
        painter.drawEllipse(badge);
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(int(s * (unread > 9 ? 0.26 : 0.34)));
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(badge, Qt::AlignCenter,
                         unread > 99 ? QStringLiteral("99+") : QString::number(unread));
    }
    painter.end();
    if (size)
        *size = image.size();
    return image;
}
