import { Button, DatePicker, Space } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';

/** ‹ 2026年11月 › — big targets for a thumb. */
export function MonthSwitcher({ month, onChange }: { month: string; onChange: (m: string) => void }) {
  const shift = (n: number) => onChange(dayjs(`${month}-01`).add(n, 'month').format('YYYY-MM'));
  return (
    <Space.Compact data-testid="month-switcher">
      <Button size="large" icon={<LeftOutlined />} onClick={() => shift(-1)} aria-label="prev" />
      <DatePicker size="large" picker="month" allowClear={false} inputReadOnly value={dayjs(`${month}-01`)} onChange={(d) => d && onChange(d.format('YYYY-MM'))} style={{ width: 130 }} />
      <Button size="large" icon={<RightOutlined />} onClick={() => shift(1)} aria-label="next" />
    </Space.Compact>
  );
}
