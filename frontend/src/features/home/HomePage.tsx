import {
  ApiOutlined,
  AuditOutlined,
  CloudServerOutlined,
  IdcardOutlined,
  SolutionOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Card, Col, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../../lib/auth/context';
import { useCan } from '../../lib/auth/permissions';
import type { MenuKey } from '../../lib/menu';
import { PendingCard } from './PendingCard';
import { NowTiles } from './NowTiles';
import { MyResultsList } from '../my-results/MyResultsList';
import { menuPath } from '../../lib/menu';

interface Tile {
  key: string;
  menu: MenuKey;
  icon: ReactNode;
  title: string;
  hint?: string;
  placeholder?: boolean;
  /** A filtered view instead of the menu's page. */
  to?: string;
}

function TileCard({ tile }: { tile: Tile }) {
  const { t } = useTranslation();
  return (
    <Link to={tile.to ?? menuPath(tile.menu)} data-testid={`home-${tile.key}`} aria-label={tile.title}>
      <Card hoverable style={{ height: '100%', minHeight: 120 }}>
        <Space align="start" size="middle">
          <span style={{ fontSize: 28, color: '#1677ff' }} aria-hidden>
            {tile.icon}
          </span>
          <div>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {tile.title}
              {tile.placeholder && (
                <Tag color="blue" style={{ marginInlineStart: 8 }}>
                  {t('common.comingSoon')}
                </Tag>
              )}
            </Typography.Title>
            {tile.hint && <Typography.Text type="secondary">{tile.hint}</Typography.Text>}
          </div>
        </Space>
      </Card>
    </Link>
  );
}

function tilesFor(roles: string[], t: (k: string) => string): Tile[] {
  const tiles: Tile[] = [];
  const has = (r: string) => roles.includes(r);
  if (has('admin')) {
    tiles.push(
      { key: 'users', menu: 'users', icon: <UserOutlined aria-hidden />, title: t('home.adminUsers'), hint: t('home.adminUsersHint') },
      { key: 'vendors', menu: 'vendors', icon: <CloudServerOutlined aria-hidden />, title: t('home.adminVendors'), hint: t('home.adminVendorsHint') },
      { key: 'clients', menu: 'integration-clients', icon: <ApiOutlined aria-hidden />, title: t('home.adminClients'), hint: t('home.adminClientsHint') },
    );
  }
  if (has('hr') || has('admin')) {
    tiles.push(
      // the pending reviews are the banner above (PendingCard), not a tile again
      { key: 'people', menu: 'people', icon: <IdcardOutlined aria-hidden />, title: t('home.hrPeople'), hint: t('home.hrPeopleHint') },
      { key: 'audit', menu: 'audit', icon: <AuditOutlined aria-hidden />, title: t('home.hrAudit'), hint: t('home.hrAuditHint') },
    );
  }
  if (has('dept_head')) {
    tiles.push({ key: 'dept', menu: 'workbench', icon: <TeamOutlined aria-hidden />, title: t('home.headTitle'), hint: t('home.headHint'), to: '/workbench?status=all&sort=-total_score' });
  }
  if (has('interviewer')) {
    tiles.push({ key: 'interviews', menu: 'workbench', icon: <SolutionOutlined aria-hidden />, title: t('home.interviewerTitle'), hint: t('home.interviewerHint'), to: '/workbench?status=all' });
  }
  if (has('employee')) {
    tiles.push({ key: 'my-results', menu: 'my-results', icon: <SolutionOutlined aria-hidden />, title: t('home.employeeTitle'), hint: t('home.employeeHint') });
  }
  return tiles;
}

export default function HomePage() {
  const { t } = useTranslation();
  const { me, permissions } = useAuth();
  const allowed = new Set(permissions?.menus ?? []);
  const canReview = useCan('results:review');
  const seen = new Set<string>();
  const tiles = tilesFor(me?.roles ?? [], t).filter((tile) => {
    if (!allowed.has(tile.menu) || seen.has(tile.key)) return false;
    if (tile.key === 'my-results') return false; // the employee's results are shown right here
    seen.add(tile.key);
    return true;
  });
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.greeting', { name: me?.name ?? '' })}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        {(me?.roles ?? []).map((r) => (
          <Tag key={r} color="geekblue">
            {t(`roles.${r}`, { defaultValue: r })}
          </Tag>
        ))}
        <Typography.Text type="secondary">{t('home.intro')}</Typography.Text>
      </Space>
      {allowed.has('workbench') && canReview && <PendingCard />}
      <NowTiles reviewer={canReview} />
      {allowed.has('my-results') && (
        <section aria-labelledby="home-my-results" style={{ maxWidth: 720, marginBottom: 16 }} data-testid="home-my-results">
          <Typography.Title level={4} id="home-my-results" style={{ marginTop: 0 }}>
            {t('selfservice.myResults.title')}
          </Typography.Title>
          <MyResultsList />
        </section>
      )}
      <Row gutter={[16, 16]}>
        {tiles.map((tile) => (
          <Col key={tile.key} xs={24} sm={12} xl={8}>
            <TileCard tile={tile} />
          </Col>
        ))}
      </Row>
    </>
  );
}
