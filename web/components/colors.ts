/** Colours of location types, shared by the list, the tree and the home page. */
export const LOCATION_TYPE_COLORS: Record<string, string> = {
  classroom: 'blue', office: 'geekblue', lab: 'purple', computer_room: 'cyan', function_room: 'magenta', canteen: 'gold',
  dorm: 'orange', warehouse: 'volcano', power_room: 'red', sports_field: 'green', garden: 'lime', gatehouse: 'default', other: 'default',
};
