import { Alert, Button, Flex, Form, Input, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanResult } from '../../api/types';
import { errorMessage } from '../../components/api-error';
import { useHoursText } from '../../features/volunteer-hours/messages';
import { flushScans, newScan, queuedScans, sendScan } from './scan-queue';

type Detector = { detect: (source: HTMLVideoElement) => Promise<{ rawValue: string }[]> };
type DetectorCtor = new (opts: { formats: string[] }) => Detector;
// Chromium on Android reads QR codes natively; elsewhere the volunteer types the code.
const Ctor = (globalThis as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;

function position(): Promise<{ lat: number; lng: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => resolve(null),
      { timeout: 5000, maximumAge: 60_000 },
    ),
  );
}

/** Scan the lead's code with the camera (where the browser can read QR codes) or type it in. */
export function ScanTab({ onScanned }: { onScanned: () => void }) {
  const t = useHoursText();
  const [result, setResult] = useState<ScanResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(queuedScans().length);
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const [form] = Form.useForm<{ token: string }>();

  const submit = useCallback(
    async (token: string) => {
      setBusy(true);
      setError(null);
      setResult(null);
      try {
        const r = await sendScan(newScan(token, await position()));
        if (r) {
          setResult(r);
          form.resetFields();
          onScanned();
        } else setError(t('vm.queuedOffline'));
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        setQueued(queuedScans().length);
        setBusy(false);
      }
    },
    [form, onScanned, t],
  );

  useEffect(() => {
    const retry = () =>
      void flushScans().then(({ sent }) => {
        setQueued(queuedScans().length);
        if (sent.length) onScanned();
      });
    window.addEventListener('online', retry);
    retry();
    return () => window.removeEventListener('online', retry);
  }, [onScanned]);

  useEffect(() => {
    if (!camera || !Ctor || !video.current) return;
    let stop = false;
    let stream: MediaStream | null = null;
    const el = video.current;
    const detector = new Ctor({ formats: ['qr_code'] });
    void navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        el.srcObject = s;
        await el.play();
        while (!stop) {
          const codes = await detector.detect(el).catch(() => []);
          const hit = codes.find((c) => c.rawValue.startsWith('TW1.'));
          if (hit) {
            setCamera(false);
            await submit(hit.rawValue);
            return;
          }
          await new Promise((r) => setTimeout(r, 300));
        }
      })
      .catch((e: unknown) => {
        setError(errorMessage(e));
        setCamera(false);
      });
    return () => {
      stop = true;
      for (const tr of stream?.getTracks() ?? []) tr.stop();
    };
  }, [camera, submit]);

  return (
    <Flex vertical gap={12}>
      <h2 style={{ fontSize: 18, margin: 0 }}>{t('vm.scanTitle')}</h2>
      {Ctor ? (
        <>
          <Button type="primary" size="large" block onClick={() => setCamera((c) => !c)}>
            {camera ? t('vm.stopCamera') : t('vm.openCamera')}
          </Button>
          <video
            ref={video}
            style={{ width: '100%', display: camera ? 'block' : 'none', borderRadius: 8 }}
            muted
            playsInline
            aria-label={t('vm.cameraPreview')}
          />
        </>
      ) : (
        <Typography.Text type="secondary">{t('vm.noCamera')}</Typography.Text>
      )}
      <Form form={form} layout="vertical" name="manual-scan" onFinish={(v) => void submit(v.token.trim())}>
        <Form.Item
          label={t('vm.manualCode')}
          name="token"
          extra={t('vm.manualCodeHint')}
          rules={[{ required: true, whitespace: true, message: t('vm.manualCodeRequired') }]}
        >
          <Input.TextArea rows={2} autoComplete="off" />
        </Form.Item>
        <Button htmlType="submit" block loading={busy}>
          {t('vm.submitCode')}
        </Button>
      </Form>
      {error && <Alert type="warning" showIcon title={error} role="alert" />}
      {result && (
        <Alert
          type="success"
          showIcon
          role="status"
          title={result.kind === 'in' ? t('vm.checkedIn', { title: result.activityTitle }) : t('vm.checkedOut', { title: result.activityTitle })}
          description={result.entry ? (result.entry.flag ? t('vm.lowCoverage') : t('vm.earned', { hours: result.entry.minutes / 60 })) : undefined}
        />
      )}
      {queued > 0 && <Alert type="info" showIcon title={t('vm.queueCount', { n: queued })} />}
    </Flex>
  );
}
