import { Flex, List, Progress, Tooltip, Typography } from 'antd';
import type { ResultDimension } from '../../api/types';
import { scoreColor } from './bits';

/** Each dimension (its name; the code in a tooltip) with score / max, a bar of the normalised score, and its comment. */
export function DimensionList({ dimensions }: { dimensions: ResultDimension[] }) {
  return (
    <List
      size="small"
      dataSource={dimensions}
      data-testid="result-dimensions"
      renderItem={(d) => (
        <List.Item key={d.code} style={{ display: 'block' }}>
          <Flex justify="space-between" align="baseline" gap="small" wrap>
            <Tooltip title={d.name === d.code ? undefined : d.code}>
              <Typography.Text strong data-testid="dimension-name" data-code={d.code}>
                {d.name}
              </Typography.Text>
            </Tooltip>
            <Typography.Text>
              {d.score} / {d.max_score}
            </Typography.Text>
          </Flex>
          <Progress percent={d.normalized} showInfo={false} size="small" strokeColor={scoreColor(d.normalized)} aria-hidden />
          {d.comment && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {d.comment}
            </Typography.Paragraph>
          )}
        </List.Item>
      )}
    />
  );
}
