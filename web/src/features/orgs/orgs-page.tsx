import { Card, Col, Empty, Row } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useI18n } from '../../app/i18n';
import { useScope } from '../../app/scope';
import { PageTitle } from '../../components/page-title';
import { OrgDetail } from './org-detail';
import { useOrgText } from './messages';
import { OrgTree } from './org-tree';

export function OrgsPage() {
  const t = useOrgText();
  const { t: app } = useI18n();
  const params = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const { orgId } = useScope();
  const [version, setVersion] = useState(0);
  const selected = params.id ? Number(params.id) : orgId;
  const open = (id: number) => navigate({ pathname: `/orgs/${id}`, search: location.search });

  return (
    <>
      <PageTitle>{app('menu.orgs')}</PageTitle>
      <Row gutter={16}>
        <Col xs={24} lg={8} xl={7}>
          <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>{t('tree')}</h2>}>
            <OrgTree selectedId={selected} onSelect={open} version={version} />
          </Card>
        </Col>
        <Col xs={24} lg={16} xl={17}>
          {selected ? <OrgDetail id={selected} onOpen={open} onChanged={() => setVersion((v) => v + 1)} /> : <Empty description={t('noneSelected')} />}
        </Col>
      </Row>
    </>
  );
}
