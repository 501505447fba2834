import { Button, Flex, Typography } from 'antd';
import { useI18n } from '../app/i18n';

type Props = { hasMore: boolean; loading: boolean; onMore: () => void; shown?: number };

export function LoadMore({ hasMore, loading, onMore }: Props) {
  const { t } = useI18n();
  return (
    <Flex justify="center" style={{ marginTop: 12 }}>
      {hasMore ? (
        <Button onClick={onMore} loading={loading}>
          {t('common.loadMore')}
        </Button>
      ) : (
        <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
      )}
    </Flex>
  );
}
