import { ShoppingCart } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { ButtonCard, OrderSummary } from '../../api/types.ts';
import { httpUrl } from '../../lib/safe-url.ts';
import { formatPrice } from '../../lib/thread-notice.ts';

/** A WhatsApp catalogue order: each line with its quantity and price, and the total when known. */
export function OrderCard({ order }: { order: OrderSummary }) {
  const { t } = useTranslation('inbox-tools');
  const items = Array.isArray(order.items) ? order.items : [];
  return (
    <div className="order-card" data-testid="order-card">
      <span className="share-card__kind">
        <ShoppingCart size={14} /> {t('order.title', { count: items.length })}
      </span>
      <table className="order-card__lines">
        <tbody>
          {items.map((line, i) => (
            <tr key={i}>
              <td className="order-card__product">{line.productRetailerId ?? t('order.item')}</td>
              <td className="order-card__qty">{typeof line.quantity === 'number' ? `× ${line.quantity}` : ''}</td>
              <td className="order-card__price">{typeof line.itemPrice === 'number' ? formatPrice(line.itemPrice, line.currency) : ''}</td>
            </tr>
          ))}
        </tbody>
        {order.total && (
          <tfoot>
            <tr>
              <td colSpan={2}>{t('order.total')}</td>
              <td className="order-card__price" data-testid="order-total">
                {formatPrice(order.total.amount, order.total.currency)}
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** A card with buttons (TikTok card, Messenger template): the buttons are shown, not pressable here. */
export function ButtonCardView({ card }: { card: ButtonCard }) {
  const buttons = Array.isArray(card.buttons) ? card.buttons : [];
  return (
    <div className="button-card" data-testid="button-card">
      {card.title && <strong className="button-card__title">{card.title}</strong>}
      {card.text && card.text !== card.title && <p className="bubble__text">{card.text}</p>}
      <ul className="button-card__buttons">
        {buttons.map((b, i) => {
          const url = httpUrl(b.url);
          return (
            <li key={i} className="button-card__button">
              {url ? (
                <a href={url} target="_blank" rel="noopener noreferrer nofollow">
                  {b.title}
                </a>
              ) : (
                b.title
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
