import { Flex } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { CheckinCodeView } from './checkin-code';
import { useHoursText } from './messages';

/** Full screen on a tablet at the door: the same rotating code, as large as the screen allows. */
export function KioskPage() {
  const t = useHoursText();
  const { shiftId = '' } = useParams();
  const [params] = useSearchParams();
  const kind = params.get('kind') === 'out' ? 'out' : 'in';
  const size = Math.max(200, Math.min(window.innerWidth, window.innerHeight) - 220);
  return (
    <main>
      <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', background: '#fff' }}>
        <h1 style={{ fontSize: 32, margin: '0 0 16px' }}>{t(kind === 'in' ? 'vh.kioskIn' : 'vh.kioskOut')}</h1>
        <CheckinCodeView shiftId={shiftId} kind={kind} size={size} />
      </Flex>
    </main>
  );
}
